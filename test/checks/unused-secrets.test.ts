import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/unused-secrets.js';
import { outcomes, runCheck } from '../support/harness.js';

const s = (name: string, type = 'Opaque', extra = '') => `---
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: shop${extra}}
type: ${type}
`;

const yaml = `
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: shop}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          imagePullSecrets: [{name: pull}]
          containers:
          - name: c
            image: x
            env: [{name: P, valueFrom: {secretKeyRef: {name: by-env, key: p}}}]
            envFrom: [{secretRef: {name: by-envfrom}}]
          volumes:
          - {name: a, secret: {secretName: by-volume}}
          - {name: b, projected: {sources: [{secret: {name: by-projected}}]}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  tls: [{hosts: [shop.example.com], secretName: by-ingress}]
` +
  s('pull', 'kubernetes.io/dockerconfigjson') + s('by-env') + s('by-envfrom') + s('by-volume') + s('by-projected') + s('by-ingress', 'kubernetes.io/tls') +
  s('forgotten') + s('sh.helm.release.v1.shop.v3', 'helm.sh/release.v1') + s('cert', 'kubernetes.io/tls', ', ownerReferences: [{apiVersion: cert-manager.io/v1, kind: Certificate, name: c, uid: u, controller: true}]') +
  s('other-namespace-user');

test('unused-secrets: every kind of reference counts as use; Helm and owned Secrets are left out', () => {
  const run = runCheck(check, {}, yaml + '---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: elsewhere}\nspec:\n  containers: [{name: c, image: x, envFrom: [{secretRef: {name: other-namespace-user}}]}]\n');
  assert.deepEqual(outcomes(run, 'fail'), ['Secret/shop/forgotten ', 'Secret/shop/other-namespace-user ']);
  assert.deepEqual(outcomes(run, 'pass').map((l) => l.split(' ')[0]), ['Secret/shop/by-env', 'Secret/shop/by-envfrom', 'Secret/shop/by-ingress', 'Secret/shop/by-projected', 'Secret/shop/by-volume', 'Secret/shop/pull']);
});
