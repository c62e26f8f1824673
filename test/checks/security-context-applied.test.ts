import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/security-context-applied.js';
import { fixture, outcomes, runCheck, pod, details } from '../support/harness.js';

const cases: Array<{ name: string; yaml: string; details: string[] }> = [
  {
    name: 'no securityContext anywhere fails; an empty one counts as none',
    yaml: pod(`  securityContext: {}
  containers:
  - name: a
    image: x
  - name: b
    image: x
    securityContext: {capabilities: {drop: []}}`),
    details: [
      'fail /spec/containers/0/securityContext none null',
      'fail /spec/containers/1/securityContext none {"capabilities":{"drop":[]}}',
    ],
  },
  {
    name: 'a container securityContext passes at the container; a false value is a setting',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {privileged: false}`),
    details: ['pass /spec/containers/0/securityContext container {"privileged":false}'],
  },
  {
    name: 'a pod securityContext covers containers without their own; the container\'s own is preferred',
    yaml: pod(`  securityContext: {runAsNonRoot: true, fsGroup: 2000}
  containers:
  - name: a
    image: x
  - name: b
    image: x
    securityContext: {readOnlyRootFilesystem: true}`),
    details: [
      'pass /spec/containers/1/securityContext container {"readOnlyRootFilesystem":true}',
      'pass /spec/securityContext pod {"runAsNonRoot":true,"fsGroup":2000}',
    ],
  },
  {
    name: 'init and ephemeral containers count',
    yaml: pod(`  initContainers:
  - name: init
    image: x
    securityContext: {runAsUser: 1000}
  containers:
  - name: a
    image: x
  ephemeralContainers:
  - name: dbg
    image: x`),
    details: [
      'fail /spec/containers/0/securityContext none null',
      'fail /spec/ephemeralContainers/0/securityContext none null',
      'pass /spec/initContainers/0/securityContext container {"runAsUser":1000}',
    ],
  },
];

for (const c of cases) {
  test(`security-context-applied: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, {}, c.yaml)), c.details);
  });
}

test('security-context-applied: CronJob pointers reach into the job template', () => {
  const run = runCheck(check, {}, `
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: job, image: x}]
`);
  assert.deepEqual(outcomes(run, 'fail'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/containers/0/securityContext']);
});

test('security-context-applied: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), ['Deployment/shop/api app /spec/template/spec/containers/0/securityContext']);
  assert.deepEqual(outcomes(run, 'pass'), ['Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext']);
});
