import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/image-digest-drift.js';
import { outcomes, runCheck } from '../support/harness.js';
import { estate } from '../support/images.js';

const B = `sha256:${'b2'.repeat(32)}`;
const C = `sha256:${'c3'.repeat(32)}`;

test('image-digest-drift: replicas on different digests fail, naming the pods and the digests', () => {
  const run = runCheck(check, {}, estate());
  assert.deepEqual(outcomes(run, 'fail'), [
    'Deployment/pay/pinned-drift app /spec/template/spec/containers/0/image',
    'StatefulSet/pay/ledger ledger /spec/template/spec/containers/0/image',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), [
    'Deployment/pay/checkout checkout /spec/template/spec/containers/0/image',
    'Deployment/web/frontend nginx /spec/template/spec/containers/0/image',
    'StatefulSet/pay/ledger migrate /spec/template/spec/initContainers/0/image',
  ]);
  const ledger = run.evidence.find((e) => e.container === 'ledger')!;
  assert.deepEqual(ledger.observed, [
    { pod: 'ledger-0', pointer: '/status/containerStatuses/0/imageID', digest: B },
    { pod: 'ledger-1', pointer: '/status/containerStatuses/0/imageID', digest: C },
  ]);
  assert.match(String(ledger.data!.detail), new RegExp(`${B} in pod ledger-0; ${C} in pod ledger-1`));
});

test('image-digest-drift: a pod running another digest than the one pinned fails', () => {
  const run = runCheck(check, {}, estate());
  const pinned = run.evidence.find((e) => e.object.name === 'pinned-drift')!;
  assert.equal(pinned.messageId, 'differFromPinned');
  assert.match(String(pinned.data!.pods), /pod pinned-drift-1/);
});

test('image-digest-drift: a pod mid-rollout on an older image is not drift of the new one', () => {
  const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: a, uid: d1}
spec: {template: {spec: {containers: [{name: c, image: "app:2"}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: api-old, namespace: a, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, uid: d1, controller: true}]}
spec: {containers: [{name: c, image: "app:1"}]}
status: {containerStatuses: [{name: c, imageID: "docker.io/library/app@${B}"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api-new, namespace: a, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, uid: d1, controller: true}]}
spec: {containers: [{name: c, image: "app:2"}]}
status: {containerStatuses: [{name: c, imageID: "docker.io/library/app@${C}"}]}
`;
  const run = runCheck(check, {}, yaml);
  assert.deepEqual(outcomes(run, 'fail'), []);
  assert.deepEqual(outcomes(run, 'pass'), ['Deployment/a/api c /spec/template/spec/containers/0/image', 'Pod/a/api-old c /spec/containers/0/image']);
});

test('image-digest-drift: local image ids and manifests without pods are not judged', () => {
  const run = runCheck(check, {}, `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a}
spec: {containers: [{name: c, image: "app:1"}]}
status: {containerStatuses: [{name: c, imageID: "docker://${B}"}]}
`);
  assert.deepEqual(run.evidence, []);
  assert.match(run.notApplicable!, /no running pod reports the registry digest/);
});
