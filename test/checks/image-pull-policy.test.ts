import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/image-pull-policy.js';
import { outcomes, runCheck } from '../support/harness.js';
import { estate } from '../support/images.js';

test('image-pull-policy: a tag with IfNotPresent (written or defaulted) fails; Always and digests pass', () => {
  const run = runCheck(check, {}, estate());
  assert.deepEqual(outcomes(run, 'fail'), [
    'CronJob/records/backup backup /spec/jobTemplate/spec/template/spec/containers/0/imagePullPolicy',
    'Deployment/web/legacy web /spec/template/spec/containers/0/imagePullPolicy',
    'StatefulSet/pay/ledger ledger /spec/template/spec/containers/0/imagePullPolicy',
    'StatefulSet/pay/ledger migrate /spec/template/spec/initContainers/0/imagePullPolicy',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), [
    'Deployment/pay/checkout checkout /spec/template/spec/containers/0/imagePullPolicy',
    'Deployment/pay/pinned-drift app /spec/template/spec/containers/0/imagePullPolicy',
    'Deployment/web/frontend nginx /spec/template/spec/containers/0/imagePullPolicy',
    'Deployment/web/legacy sidecar /spec/template/spec/containers/1/imagePullPolicy',
  ]);
  const ledger = run.evidence.find((e) => e.container === 'ledger')!;
  assert.equal(ledger.observed, null);
  assert.match(ledger.data!.defaulted as string, /the default/);
  const backup = run.evidence.find((e) => e.container === 'backup')!;
  assert.equal(backup.observed, 'IfNotPresent');
});

test('image-pull-policy: Never on a tag fails too', () => {
  const run = runCheck(check, {}, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: "app:1", imagePullPolicy: Never}]}\n');
  assert.deepEqual(run.evidence.map((e) => e.outcome), ['fail']);
});

test('image-pull-policy: the AlwaysPullImages admission plugin makes IfNotPresent safe', () => {
  const apiserver = `---
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver-cp-1, namespace: kube-system, labels: {component: kube-apiserver}}
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver@sha256:${'a'.repeat(64)}
    command: [kube-apiserver, "--enable-admission-plugins=NodeRestriction,AlwaysPullImages"]
`;
  const run = runCheck(check, {}, estate() + apiserver);
  assert.deepEqual(outcomes(run, 'fail'), []);
  assert.equal(run.evidence.find((e) => e.container === 'ledger')!.messageId, 'admission');
});
