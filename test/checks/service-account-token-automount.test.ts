import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/service-account-token-automount.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

test('service-account-token-automount: the pod spec wins, then the ServiceAccount, then the default (true)', () => {
  const run = runCheck(check, {}, fixture('checks', 'service-account-token-automount', 'estate.yaml'));
  const lines = run.evidence
    .map((e) => `${e.outcome} ${e.object.kind}/${e.object.name} ${e.pointer} ${e.messageId} ${JSON.stringify(e.observed)} ${e.data?.serviceAccount}`)
    .sort();
  assert.deepEqual(lines, [
    'fail CronJob/sync /spec/jobTemplate/spec/template/spec/automountServiceAccountToken podMounts true api',
    'fail DaemonSet/legacy /spec/template/spec/automountServiceAccountToken accountMissing null legacy-agent',
    'fail Deployment/operator /spec/template/spec/automountServiceAccountToken accountMounts null operator',
    'fail StatefulSet/worker /spec/template/spec/automountServiceAccountToken defaultMounts null worker',
    'pass Deployment/api /spec/template/spec/automountServiceAccountToken accountDoesNotMount null api',
    'pass Deployment/cache /spec/template/spec/automountServiceAccountToken podDoesNotMount false default',
  ]);
});

test('service-account-token-automount: a pod with no serviceAccountName uses its namespace\'s default ServiceAccount', () => {
  const run = runCheck(check, {}, `
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: apps}
automountServiceAccountToken: false
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: other}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: apps}
spec:
  containers: [{name: a, image: x}]
`);
  assert.deepEqual(outcomes(run, 'pass'), ['Pod/apps/p /spec/automountServiceAccountToken']);
  assert.equal(run.evidence[0]!.messageId, 'accountDoesNotMount');
});

test('service-account-token-automount: static mirror pods are skipped', () => {
  const run = runCheck(check, {}, `
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-cp-1
  namespace: kube-system
  annotations:
    kubernetes.io/config.mirror: 9f0e1d2c3b4a59687766554433221100
    kubernetes.io/config.source: file
spec:
  hostNetwork: true
  containers: [{name: kube-apiserver, image: registry.k8s.io/kube-apiserver:v1.32.0}]
`);
  assert.deepEqual(run.evidence, []);
});

test('service-account-token-automount: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), ['Deployment/shop/api /spec/template/spec/automountServiceAccountToken']);
  assert.deepEqual(outcomes(run, 'pass'), []);
});

test('service-account-token-automount: the message says where the value came from', () => {
  const run = runCheck(check, {}, fixture('checks', 'service-account-token-automount', 'estate.yaml'));
  const byName = new Map(run.evidence.map((e) => [e.object.name, check.messages[e.messageId as keyof typeof check.messages]]));
  assert.match(byName.get('operator')!, /ServiceAccount \{\{serviceAccount\}\} sets it to true/);
  assert.match(byName.get('sync')!, /pod spec sets automountServiceAccountToken: true/);
  assert.match(byName.get('worker')!, /by default/);
});
