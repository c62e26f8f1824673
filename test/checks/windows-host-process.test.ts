import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/windows-host-process.js';
import { fixture, outcomes, runCheck, details } from '../support/harness.js';

const pod = (spec: string) => `
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: apps}
spec:
  os: {name: windows}
${spec}`;

const cases: Array<{ name: string; yaml: string; details: string[] }> = [
  {
    name: 'hostProcess on the pod applies to every container, init and ephemeral included',
    yaml: pod(`  hostNetwork: true
  securityContext:
    windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}
  initContainers:
  - name: init
    image: x
  containers:
  - name: a
    image: x
  ephemeralContainers:
  - name: dbg
    image: x`),
    details: [
      'fail /spec/securityContext/windowsOptions/hostProcess hostProcess true',
      'fail /spec/securityContext/windowsOptions/hostProcess hostProcess true',
      'fail /spec/securityContext/windowsOptions/hostProcess hostProcess true',
    ],
  },
  {
    name: 'a container that sets windowsOptions without hostProcess still inherits the pod\'s hostProcess (merged per field)',
    yaml: pod(`  hostNetwork: true
  securityContext:
    windowsOptions: {hostProcess: true}
  containers:
  - name: a
    image: x
    securityContext:
      windowsOptions: {runAsUserName: "NT AUTHORITY\\\\Local service"}`),
    details: ['fail /spec/securityContext/windowsOptions/hostProcess hostProcess true'],
  },
  {
    name: 'the container wins over the pod',
    yaml: pod(`  securityContext:
    windowsOptions: {hostProcess: false}
  containers:
  - name: a
    image: x
    securityContext:
      windowsOptions: {hostProcess: true}
  - name: b
    image: x`),
    details: [
      'fail /spec/containers/0/securityContext/windowsOptions/hostProcess hostProcess true',
      'pass /spec/securityContext/windowsOptions/hostProcess notHostProcess false',
    ],
  },
  {
    name: 'unset passes, pointing where the field would go on the container',
    yaml: pod(`  containers:
  - name: a
    image: x`),
    details: ['pass /spec/containers/0/securityContext/windowsOptions/hostProcess notHostProcess null'],
  },
];

for (const c of cases) {
  test(`windows-host-process: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, {}, c.yaml)), c.details);
  });
}

test('windows-host-process: the message says where hostProcess was set', () => {
  const run = runCheck(check, {}, pod(`  securityContext:
    windowsOptions: {hostProcess: true}
  containers:
  - name: a
    image: x`));
  assert.deepEqual(run.evidence[0]!.data, { container: 'a', from: 'pod' });
});

test('windows-host-process: CronJob pointers reach into the job template', () => {
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
          os: {name: windows}
          restartPolicy: OnFailure
          securityContext:
            windowsOptions: {hostProcess: true}
          hostNetwork: true
          containers:
          - name: job
            image: x
`);
  assert.deepEqual(outcomes(run, 'fail'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/securityContext/windowsOptions/hostProcess']);
});

test('windows-host-process: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'pass'), [
    'Deployment/shop/api app /spec/template/spec/containers/0/securityContext/windowsOptions/hostProcess',
    'Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext/windowsOptions/hostProcess',
  ]);
  assert.deepEqual(outcomes(run, 'fail'), []);
});
