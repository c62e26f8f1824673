import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/allow-privilege-escalation.js';
import { fixture, outcomes, runCheck, pod, details } from '../support/harness.js';

/** `outcome pointer messageId observed`, sorted: what an auditor reads, less the object. */
const cases: Array<{ name: string; yaml: string; details: string[] }> = [
  {
    name: 'false passes; true and unset fail',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {allowPrivilegeEscalation: false}
  - name: b
    image: x
    securityContext: {allowPrivilegeEscalation: true}
  - name: c
    image: x`),
    details: [
      'fail /spec/containers/1/securityContext/allowPrivilegeEscalation allowed true',
      'fail /spec/containers/2/securityContext/allowPrivilegeEscalation unset null',
      'pass /spec/containers/0/securityContext/allowPrivilegeEscalation disallowed false',
    ],
  },
  {
    name: 'a privileged container always escalates, even with allowPrivilegeEscalation: false',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {privileged: true, allowPrivilegeEscalation: false}`),
    details: ['fail /spec/containers/0/securityContext/privileged privileged true'],
  },
  {
    name: 'adding SYS_ADMIN always escalates, in any spelling, and ALL includes it',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {allowPrivilegeEscalation: false, capabilities: {add: [NET_BIND_SERVICE, sys_admin]}}
  - name: b
    image: x
    securityContext: {capabilities: {add: [CAP_SYS_ADMIN]}}
  - name: c
    image: x
    securityContext: {allowPrivilegeEscalation: false, capabilities: {add: [all]}}
  - name: d
    image: x
    securityContext: {allowPrivilegeEscalation: false, capabilities: {add: [NET_ADMIN], drop: [SYS_ADMIN]}}`),
    details: [
      'fail /spec/containers/0/securityContext/capabilities/add/1 sysAdmin "sys_admin"',
      'fail /spec/containers/1/securityContext/capabilities/add/0 sysAdmin "CAP_SYS_ADMIN"',
      'fail /spec/containers/2/securityContext/capabilities/add/0 sysAdmin "all"',
      'pass /spec/containers/3/securityContext/allowPrivilegeEscalation disallowed false',
    ],
  },
  {
    name: 'the field is per container: a pod-level value does not exist and is not read',
    yaml: pod(`  securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true}
  containers:
  - name: a
    image: x`),
    details: ['fail /spec/containers/0/securityContext/allowPrivilegeEscalation unset null'],
  },
  {
    name: 'init and ephemeral containers count',
    yaml: pod(`  initContainers:
  - name: init
    image: x
  containers:
  - name: a
    image: x
    securityContext: {allowPrivilegeEscalation: false}
  ephemeralContainers:
  - name: dbg
    image: busybox
    securityContext: {allowPrivilegeEscalation: true}`),
    details: [
      'fail /spec/ephemeralContainers/0/securityContext/allowPrivilegeEscalation allowed true',
      'fail /spec/initContainers/0/securityContext/allowPrivilegeEscalation unset null',
      'pass /spec/containers/0/securityContext/allowPrivilegeEscalation disallowed false',
    ],
  },
  {
    name: 'a string "false" is not false',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {allowPrivilegeEscalation: "false"}`),
    details: ['fail /spec/containers/0/securityContext/allowPrivilegeEscalation unset "false"'],
  },
];

for (const c of cases) {
  test(`allow-privilege-escalation: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, {}, c.yaml)), c.details);
  });
}

test('allow-privilege-escalation: CronJob pointers reach into the job template', () => {
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
            securityContext: {allowPrivilegeEscalation: false}
`);
  assert.deepEqual(outcomes(run, 'pass'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation']);
  assert.deepEqual(outcomes(run, 'fail'), []);
});

test('allow-privilege-escalation: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), [
    'Deployment/shop/api app /spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation',
    'Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext/privileged',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), []);
});

test('allow-privilege-escalation: Windows pods are not judged', () => {
  const run = runCheck(check, {}, pod(`  os: {name: windows}
  containers:
  - name: iis
    image: mcr.microsoft.com/windows/servercore/iis`));
  assert.deepEqual(run.evidence, []);
  assert.match(run.notApplicable ?? '', /Windows/);
});

test('allow-privilege-escalation: the message says a privileged container always escalates', () => {
  const run = runCheck(check, {}, pod(`  containers:
  - name: a
    image: x
    securityContext: {privileged: true}`));
  assert.match(check.messages[run.evidence[0]!.messageId as keyof typeof check.messages], /always allowed/);
});
