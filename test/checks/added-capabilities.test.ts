import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/added-capabilities.js';
import { fixture, outcomes, runCheck, pod, details } from '../support/harness.js';

const cases: Array<{ name: string; options: unknown; yaml: string; details: string[] }> = [
  {
    name: 'nothing added, or only NET_BIND_SERVICE in any spelling, passes (default options)',
    options: {},
    yaml: pod(`  containers:
  - name: a
    image: x
  - name: b
    image: x
    securityContext: {capabilities: {drop: [ALL], add: [cap_net_bind_service]}}
  - name: c
    image: x
    securityContext: {capabilities: {add: []}}`),
    details: [
      'pass /spec/containers/0/securityContext/capabilities/add nothingBeyond null',
      'pass /spec/containers/1/securityContext/capabilities/add nothingBeyond ["cap_net_bind_service"]',
      'pass /spec/containers/2/securityContext/capabilities/add nothingBeyond []',
    ],
  },
  {
    name: 'each capability beyond the list fails on its own entry; ALL fails',
    options: {},
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {capabilities: {add: [NET_BIND_SERVICE, CAP_SYS_PTRACE, net_admin]}}
  - name: b
    image: x
    securityContext: {capabilities: {add: [all]}}`),
    details: [
      'fail /spec/containers/0/securityContext/capabilities/add/1 added "CAP_SYS_PTRACE"',
      'fail /spec/containers/0/securityContext/capabilities/add/2 added "net_admin"',
      'fail /spec/containers/1/securityContext/capabilities/add/0 addedAll "all"',
    ],
  },
  {
    name: 'an empty allowed list fails NET_BIND_SERVICE too',
    options: { allowed: [] },
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}`),
    details: ['fail /spec/containers/0/securityContext/capabilities/add/0 added "NET_BIND_SERVICE"'],
  },
  {
    name: 'the allowed list is normalised',
    options: { allowed: ['cap_chown', 'NET_BIND_SERVICE'] },
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {capabilities: {add: [CHOWN]}}`),
    details: ['pass /spec/containers/0/securityContext/capabilities/add nothingBeyond ["CHOWN"]'],
  },
  {
    name: 'a privileged container holds every capability',
    options: {},
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {privileged: true}`),
    details: ['fail /spec/containers/0/securityContext/privileged privileged true'],
  },
  {
    name: 'init and ephemeral containers count',
    options: {},
    yaml: pod(`  initContainers:
  - name: init
    image: x
    securityContext: {capabilities: {add: [CHOWN]}}
  containers:
  - name: a
    image: x
  ephemeralContainers:
  - name: dbg
    image: x
    securityContext: {capabilities: {add: [SYS_PTRACE]}}`),
    details: [
      'fail /spec/ephemeralContainers/0/securityContext/capabilities/add/0 added "SYS_PTRACE"',
      'fail /spec/initContainers/0/securityContext/capabilities/add/0 added "CHOWN"',
      'pass /spec/containers/0/securityContext/capabilities/add nothingBeyond null',
    ],
  },
];

for (const c of cases) {
  test(`added-capabilities: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, c.options, c.yaml)), c.details);
  });
}

test('added-capabilities: the message names the capability as written and the allowed list', () => {
  const run = runCheck(check, {}, pod(`  containers:
  - name: a
    image: x
    securityContext: {capabilities: {add: [CAP_SYS_ADMIN]}}`));
  assert.deepEqual(run.evidence[0]!.data, { container: 'a', capability: 'CAP_SYS_ADMIN', allowed: 'NET_BIND_SERVICE' });
});

test('added-capabilities: CronJob pointers reach into the job template', () => {
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
            securityContext: {capabilities: {add: [NET_ADMIN]}}
`);
  assert.deepEqual(outcomes(run, 'fail'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/containers/0/securityContext/capabilities/add/0']);
});

test('added-capabilities: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), ['Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext/privileged']);
  assert.deepEqual(outcomes(run, 'pass'), ['Deployment/shop/api app /spec/template/spec/containers/0/securityContext/capabilities/add']);
});

test('added-capabilities: Windows pods are not judged', () => {
  const run = runCheck(check, {}, pod(`  os: {name: windows}
  containers:
  - name: iis
    image: mcr.microsoft.com/windows/servercore/iis`));
  assert.deepEqual(run.evidence, []);
  assert.ok(run.notApplicable);
});
