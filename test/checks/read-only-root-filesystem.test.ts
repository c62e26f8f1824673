import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/read-only-root-filesystem.js';
import { fixture, outcomes, runCheck, pod, details } from '../support/harness.js';

const cases: Array<{ name: string; yaml: string; details: string[] }> = [
  {
    name: 'true passes; false and unset fail',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {readOnlyRootFilesystem: true}
    volumeMounts: [{name: tmp, mountPath: /tmp}]
  - name: b
    image: x
    securityContext: {readOnlyRootFilesystem: false}
  - name: c
    image: x
  volumes:
  - name: tmp
    emptyDir: {medium: Memory}`),
    details: [
      'fail /spec/containers/1/securityContext/readOnlyRootFilesystem writable false',
      'fail /spec/containers/2/securityContext/readOnlyRootFilesystem unset null',
      'pass /spec/containers/0/securityContext/readOnlyRootFilesystem readOnly true',
    ],
  },
  {
    name: 'init and ephemeral containers count',
    yaml: pod(`  initContainers:
  - name: init
    image: x
    securityContext: {readOnlyRootFilesystem: true}
  containers:
  - name: a
    image: x
    securityContext: {readOnlyRootFilesystem: true}
  ephemeralContainers:
  - name: dbg
    image: x`),
    details: [
      'fail /spec/ephemeralContainers/0/securityContext/readOnlyRootFilesystem unset null',
      'pass /spec/containers/0/securityContext/readOnlyRootFilesystem readOnly true',
      'pass /spec/initContainers/0/securityContext/readOnlyRootFilesystem readOnly true',
    ],
  },
  {
    name: 'the field is per container: a pod-level value is not read',
    yaml: pod(`  securityContext: {readOnlyRootFilesystem: true}
  containers:
  - name: a
    image: x`),
    details: ['fail /spec/containers/0/securityContext/readOnlyRootFilesystem unset null'],
  },
];

for (const c of cases) {
  test(`read-only-root-filesystem: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, {}, c.yaml)), c.details);
  });
}

test('read-only-root-filesystem: CronJob pointers reach into the job template', () => {
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
          containers:
          - name: job
            image: x
            securityContext: {readOnlyRootFilesystem: true}
`);
  assert.deepEqual(outcomes(run, 'pass'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem']);
});

test('read-only-root-filesystem: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), [
    'Deployment/shop/api app /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem',
    'Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext/readOnlyRootFilesystem',
  ]);
});

test('read-only-root-filesystem: Windows pods are not judged', () => {
  const run = runCheck(check, {}, pod(`  os: {name: windows}
  containers:
  - name: iis
    image: mcr.microsoft.com/windows/servercore/iis`));
  assert.deepEqual(run.evidence, []);
  assert.ok(run.notApplicable);
});
