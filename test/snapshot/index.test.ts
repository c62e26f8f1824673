import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotIndex } from '../../src/snapshot/index.js';
import { matchesSelector } from '../../src/snapshot/selector.js';
import { fixture, snapshotOf } from '../support/harness.js';

const cronEstate = `
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: db, uid: c0000000-0000-4000-8000-000000000001}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: dump, image: pg:16}]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: backup-29012345
  namespace: db
  uid: c0000000-0000-4000-8000-000000000002
  ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: backup, uid: c0000000-0000-4000-8000-000000000001, controller: true}]
spec:
  template:
    spec:
      containers: [{name: dump, image: pg:16}]
---
apiVersion: v1
kind: Pod
metadata:
  name: backup-29012345-abcde
  namespace: db
  labels: {job-name: backup-29012345}
  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: backup-29012345, uid: c0000000-0000-4000-8000-000000000002, controller: true}]
spec:
  containers: [{name: dump, image: pg:16}]
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-cp-1
  namespace: kube-system
  annotations: {kubernetes.io/config.mirror: abc}
  ownerReferences: [{apiVersion: v1, kind: Node, name: cp-1, uid: n0000000-0000-4000-8000-000000000001, controller: true}]
spec:
  containers: [{name: kube-apiserver, image: registry.k8s.io/kube-apiserver:v1.31.4}]
---
apiVersion: v1
kind: Pod
metadata:
  name: orphan
  namespace: db
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: gone, uid: r0000000-0000-4000-8000-00000000dead, controller: true}]
spec:
  containers: [{name: c, image: x}]
`;

test('workloads: Pod → Job → CronJob is one workload, the CronJob, with the running pod attributed', () => {
  const index = new SnapshotIndex(snapshotOf(cronEstate));
  const ws = index.workloads().map((w) => [w.kind, w.namespace, w.object.metadata.name, w.podSpecPointer, w.pods.map((p) => p.metadata.name)]);
  assert.deepEqual(ws, [
    ['CronJob', 'db', 'backup', '/spec/jobTemplate/spec/template/spec', ['backup-29012345-abcde']],
    ['Pod', 'db', 'orphan', '/spec', ['orphan']],
    ['Pod', 'kube-system', 'kube-apiserver-cp-1', '/spec', ['kube-apiserver-cp-1']],
  ]);
});

test('workloads: Deployment → ReplicaSet → Pod from kubectl get output', () => {
  const index = new SnapshotIndex(snapshotOf(fixture('checks', 'workloads-basic.yaml')));
  const [w, ...rest] = index.workloads();
  assert.equal(rest.length, 0);
  assert.equal(w!.kind, 'Deployment');
  assert.deepEqual(w!.pods.map((p) => p.metadata.name), ['api-7d9f8c6b5-x2x9q']);
  const pod = index.of('Pod')[0]!;
  assert.equal(index.topController(pod).kind, 'Deployment');
  assert.equal(index.controller(pod)!.kind, 'ReplicaSet');
});

test('owner matching by kind and name when the source carries no uids (rendered manifests)', () => {
  const index = new SnapshotIndex(
    snapshotOf(`
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs, namespace: n}
spec: {template: {spec: {containers: [{name: c, image: x}]}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: n
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: rs, uid: "", controller: true}]
spec: {containers: [{name: c, image: x}]}
`),
  );
  assert.deepEqual(index.workloads().map((w) => w.kind), ['ReplicaSet']);
});

test('namespaces, inNamespace, select', () => {
  const index = new SnapshotIndex(snapshotOf(cronEstate));
  assert.deepEqual(index.namespaces(), ['db', 'kube-system']);
  assert.deepEqual(index.inNamespace('db', 'Pod').map((p) => p.metadata.name), ['backup-29012345-abcde', 'orphan']);
  assert.deepEqual(index.select('Pod', 'db', { matchLabels: { 'job-name': 'backup-29012345' } }).map((p) => p.metadata.name), ['backup-29012345-abcde']);
});

const selectors: Array<[string, Parameters<typeof matchesSelector>[0], Record<string, string>, boolean]> = [
  ['empty selects all', {}, { a: '1' }, true],
  ['matchLabels', { matchLabels: { a: '1' } }, { a: '1', b: '2' }, true],
  ['matchLabels miss', { matchLabels: { a: '2' } }, { a: '1' }, false],
  ['In', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, { tier: 'api' }, true],
  ['NotIn on a missing key matches', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, {}, true],
  ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, { tier: '' }, true],
  ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, { tier: 'x' }, false],
  ['unknown operator selects nothing', { matchExpressions: [{ key: 'tier', operator: 'Like' }] }, { tier: 'x' }, false],
];
for (const [name, sel, labels, expected] of selectors) {
  test(`selector: ${name}`, () => assert.equal(matchesSelector(sel, labels), expected));
}
