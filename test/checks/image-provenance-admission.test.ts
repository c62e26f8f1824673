import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/image-provenance-admission.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const estate = fixture('checks', 'admission', 'estate.yaml');

test('image-provenance-admission: a Kyverno verifyImages rule in Enforce covers the namespaces it matches (globs)', () => {
  const run = runCheck(check, {}, estate);
  assert.deepEqual(outcomes(run, 'pass'), ['Namespace/payments ']);
  assert.deepEqual(outcomes(run, 'fail'), ['Namespace/batch ', 'Namespace/kube-system ', 'Namespace/monitoring ', 'Namespace/web ']);
});

test('image-provenance-admission: the Sigstore policy-controller verifies only namespaces opted in', () => {
  const run = runCheck(check, {}, `${estate}
- apiVersion: policy.sigstore.dev/v1beta1
  kind: ClusterImagePolicy
  metadata: {name: signed-by-ci}
  spec:
    images: [{glob: "registry.example.com/**"}]
    authorities: [{keyless: {identities: [{issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/example/app/.github/workflows/release.yaml@refs/heads/main"}]}}]
`.replace('metadata: {name: batch, labels: {team: data}}', 'metadata: {name: batch, labels: {team: data, policy.sigstore.dev/include: "true"}}'));
  assert.deepEqual(outcomes(run, 'pass'), ['Namespace/batch ', 'Namespace/payments ']);
  const web = run.evidence.find((e) => e.object.name === 'web')!;
  assert.equal(web.messageId, 'sigstoreNotOptedIn');
});

test('image-provenance-admission: ImagePolicyWebhook on the API server covers every namespace', () => {
  const run = runCheck(check, {}, `${estate}
- apiVersion: v1
  kind: Pod
  metadata: {name: kube-apiserver-cp-1, namespace: kube-system, labels: {component: kube-apiserver, tier: control-plane}}
  spec:
    containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.2
      command: [kube-apiserver, "--enable-admission-plugins=NodeRestriction,ImagePolicyWebhook", --admission-control-config-file=/etc/kubernetes/admission.yaml]
`);
  assert.deepEqual(outcomes(run, 'fail'), []);
  assert.equal(run.evidence.find((e) => e.object.name === 'web')!.data!.mechanism, 'the ImagePolicyWebhook admission plugin');
});
