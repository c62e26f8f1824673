import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/run-as-non-root.js';
import { fixture, outcomes, runCheck, pod, details } from '../support/harness.js';

const cases: Array<{ name: string; yaml: string; details: string[] }> = [
  {
    name: 'a non-zero runAsUser passes; runAsUser 0 fails',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {runAsUser: 10001}
  - name: b
    image: x
    securityContext: {runAsUser: 0}`),
    details: [
      'fail /spec/containers/1/securityContext/runAsUser root 0',
      'pass /spec/containers/0/securityContext/runAsUser nonRootUser 10001',
    ],
  },
  {
    name: 'runAsNonRoot: true without runAsUser passes (the kubelet checks the image user)',
    yaml: pod(`  securityContext: {runAsNonRoot: true}
  containers:
  - name: a
    image: x`),
    details: ['pass /spec/securityContext/runAsNonRoot nonRootEnforced true'],
  },
  {
    name: 'runAsUser 0 with runAsNonRoot: true fails: the kubelet refuses to start it',
    yaml: pod(`  securityContext: {runAsNonRoot: true}
  containers:
  - name: a
    image: x
    securityContext: {runAsUser: 0}`),
    details: ['fail /spec/containers/0/securityContext/runAsUser rootRefused 0'],
  },
  {
    name: 'neither set: the image decides, and it fails at the container field where it would go',
    yaml: pod(`  containers:
  - name: a
    image: x`),
    details: ['fail /spec/containers/0/securityContext/runAsNonRoot imageUser null'],
  },
  {
    name: 'runAsNonRoot: false is not enough',
    yaml: pod(`  securityContext: {runAsNonRoot: false}
  containers:
  - name: a
    image: x`),
    details: ['fail /spec/securityContext/runAsNonRoot imageUser false'],
  },
  {
    name: 'the container wins over the pod, in both directions',
    yaml: pod(`  securityContext: {runAsUser: 0}
  containers:
  - name: a
    image: x
    securityContext: {runAsUser: 1000}
  - name: b
    image: x`),
    details: [
      'fail /spec/securityContext/runAsUser root 0',
      'pass /spec/containers/0/securityContext/runAsUser nonRootUser 1000',
    ],
  },
  {
    name: 'a pod-level non-root user covers init and ephemeral containers; a root init container fails',
    yaml: pod(`  securityContext: {runAsUser: 1000}
  initContainers:
  - name: chown
    image: busybox
    securityContext: {runAsUser: 0}
  containers:
  - name: a
    image: x
  ephemeralContainers:
  - name: dbg
    image: busybox`),
    details: [
      'fail /spec/initContainers/0/securityContext/runAsUser root 0',
      'pass /spec/securityContext/runAsUser nonRootUser 1000',
      'pass /spec/securityContext/runAsUser nonRootUser 1000',
    ],
  },
];

for (const c of cases) {
  test(`run-as-non-root: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, {}, c.yaml)), c.details);
  });
}

test('run-as-non-root: the message names where the value came from', () => {
  const run = runCheck(check, {}, pod(`  securityContext: {runAsUser: 1000}
  containers:
  - name: a
    image: x`));
  assert.deepEqual(run.evidence[0]!.data, { container: 'a', uid: 1000, from: 'pod' });
});

test('run-as-non-root: CronJob pointers reach into the job template', () => {
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
          securityContext: {runAsNonRoot: true}
          restartPolicy: OnFailure
          containers:
          - name: job
            image: x
            securityContext: {runAsUser: 0}
`);
  assert.deepEqual(outcomes(run, 'fail'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/containers/0/securityContext/runAsUser']);
  assert.equal(run.evidence[0]!.messageId, 'rootRefused');
});

test('run-as-non-root: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), [
    'Deployment/shop/api app /spec/template/spec/containers/0/securityContext/runAsNonRoot',
    'Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext/runAsNonRoot',
  ]);
});

test('run-as-non-root: Windows pods are skipped; Linux pods beside them are judged', () => {
  const run = runCheck(check, {}, `${pod(`  os: {name: windows}
  containers:
  - name: iis
    image: mcr.microsoft.com/windows/servercore/iis`)}
---
apiVersion: v1
kind: Pod
metadata: {name: linux, namespace: apps}
spec:
  os: {name: linux}
  containers:
  - name: a
    image: x
    securityContext: {runAsUser: 1000}
`);
  assert.deepEqual(outcomes(run, 'pass'), ['Pod/apps/linux a /spec/containers/0/securityContext/runAsUser']);
  assert.deepEqual(outcomes(run, 'fail'), []);
  assert.equal(run.notApplicable, undefined);
});

test('run-as-non-root: an estate of Windows pods only is not applicable', () => {
  const run = runCheck(check, {}, pod(`  os: {name: windows}
  containers:
  - name: iis
    image: mcr.microsoft.com/windows/servercore/iis`));
  assert.deepEqual(run.evidence, []);
  assert.match(run.notApplicable ?? '', /Windows/);
});
