import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/default-namespace.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

test('default-namespace: what Kubernetes creates there is ignored; one pass on the Namespace', () => {
  const run = runCheck(check, {}, fixture('checks', 'default-namespace', 'built-in-only.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), []);
  assert.deepEqual(outcomes(run, 'pass'), ['Namespace/default ']);
  const [e] = run.evidence;
  assert.deepEqual(e!.object, { apiVersion: 'v1', kind: 'Namespace', name: 'default', uid: '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
  assert.equal(e!.pointer, '');
  assert.equal(e!.messageId, 'empty');
});

test('default-namespace: with no Namespace object collected, the pass names the Namespace without a uid', () => {
  const run = runCheck(check, {}, `
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: default}
`);
  assert.deepEqual(run.evidence.map((e) => e.object), [{ apiVersion: 'v1', kind: 'Namespace', name: 'default' }]);
});

test('default-namespace: each user object fails; pods are reported once, on their Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'default-namespace', 'user-objects.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), [
    'ConfigMap/default/web-config /metadata/namespace',
    'Deployment/default/web /metadata/namespace',
    'Ingress/default/web /metadata/namespace',
    'NetworkPolicy/default/default-deny /metadata/namespace',
    'PersistentVolumeClaim/default/web-data /metadata/namespace',
    'Role/default/web-reader /metadata/namespace',
    'RoleBinding/default/web-reader /metadata/namespace',
    'Secret/default/web-db /metadata/namespace',
    'Secret/default/web-token /metadata/namespace',
    'Service/default/web /metadata/namespace',
    'ServiceAccount/default/web /metadata/namespace',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), []);
  const deployment = run.evidence.find((e) => e.object.kind === 'Deployment')!;
  assert.equal(deployment.observed, 'default');
  assert.deepEqual(deployment.data, { kind: 'Deployment', name: 'web' });
});

test('default-namespace: a bare Pod and a CronJob in default fail', () => {
  const run = runCheck(check, {}, `
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: default}
spec:
  containers: [{name: sh, image: busybox}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cleanup, namespace: default}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: job, image: x}]
`);
  assert.deepEqual(outcomes(run, 'fail'), ['CronJob/default/cleanup /metadata/namespace', 'Pod/default/debug /metadata/namespace']);
});

test('default-namespace: reads every kind it judges', () => {
  for (const kind of ['Pod', 'Deployment', 'CronJob', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'Ingress', 'NetworkPolicy', 'PersistentVolumeClaim']) {
    assert.ok(check.needs.includes(kind), kind);
  }
});
