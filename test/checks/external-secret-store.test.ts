import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/external-secret-store.js';
import { outcomes, runCheck } from '../support/harness.js';

const estate = `
apiVersion: v1
kind: List
items:
- apiVersion: external-secrets.io/v1beta1
  kind: ExternalSecret
  metadata: {name: db, namespace: payments}
  spec:
    refreshInterval: 1h
    secretStoreRef: {name: aws-secrets-manager, kind: ClusterSecretStore}
    target: {name: db-credentials}
    data: [{secretKey: password, remoteRef: {key: prod/payments/db, property: password}}]
- apiVersion: v1
  kind: Secret
  metadata: {name: api-keys, namespace: payments}
  type: Opaque
- apiVersion: v1
  kind: Secret
  metadata:
    name: tls-cert
    namespace: payments
    annotations: {cert-manager.io/certificate-name: api-tls}
  type: kubernetes.io/tls
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: payments}
  spec:
    selector: {matchLabels: {app: api}}
    template:
      metadata: {labels: {app: api}}
      spec:
        containers:
        - name: api
          image: registry.example.com/api:1
          env:
          - name: DB_PASSWORD
            valueFrom: {secretKeyRef: {name: db-credentials, key: password}}
        volumes:
        - name: tls
          secret: {secretName: tls-cert}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: legacy, namespace: payments}
  spec:
    selector: {matchLabels: {app: legacy}}
    template:
      metadata: {labels: {app: legacy}}
      spec:
        initContainers:
        - name: migrate
          image: registry.example.com/migrate:1
          envFrom: [{secretRef: {name: api-keys}}]
        containers:
        - name: app
          image: registry.example.com/legacy:1
          env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db-credentials, key: password}}}]
        volumes:
        - name: creds
          projected: {sources: [{secret: {name: api-keys}}, {configMap: {name: settings}}]}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: reports, namespace: records}
  spec:
    selector: {matchLabels: {app: reports}}
    template:
      metadata:
        labels: {app: reports}
        annotations: {vault.hashicorp.com/agent-inject: "true", vault.hashicorp.com/role: reports}
      spec:
        containers: [{name: app, image: registry.example.com/reports:1}]
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: csi, namespace: records}
  spec:
    selector: {matchLabels: {app: csi}}
    template:
      metadata: {labels: {app: csi}}
      spec:
        containers: [{name: app, image: registry.example.com/csi:1, volumeMounts: [{name: store, mountPath: /mnt/secrets}]}]
        volumes: [{name: store, csi: {driver: secrets-store.csi.k8s.io, readOnly: true, volumeAttributes: {secretProviderClass: azure-kv}}}]
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: static, namespace: web}
  spec:
    selector: {matchLabels: {app: static}}
    template:
      metadata: {labels: {app: static}}
      spec:
        containers: [{name: nginx, image: nginx:1.27}]
`;

test('external-secret-store: ExternalSecret targets, cert-manager, Vault injector and CSI pass; hand-made Secrets fail (init containers and projected volumes included)', () => {
  const run = runCheck(check, {}, estate);
  assert.deepEqual(outcomes(run, 'fail'), ['Deployment/payments/legacy /spec/template/spec/initContainers/0/envFrom/0/secretRef/name']);
  assert.deepEqual(outcomes(run, 'pass'), [
    'Deployment/payments/api /spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name',
    'Deployment/records/csi /spec/template/spec',
    'Deployment/records/reports /spec/template/spec',
  ]);
  const legacy = run.evidence.find((e) => e.object.name === 'legacy')!;
  assert.deepEqual(legacy.observed, ['api-keys']);
  const api = run.evidence.find((e) => e.object.name === 'api')!;
  assert.equal(api.data!.how, 'Secret db-credentials from ExternalSecret db; Secret tls-cert from cert-manager Certificate api-tls');
});

test('external-secret-store: no workload reading a Secret is not applicable', () => {
  const run = runCheck(check, {}, estate.split('- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: api,')[0]!);
  assert.match(run.notApplicable!, /no workload reads a Secret/);
});
