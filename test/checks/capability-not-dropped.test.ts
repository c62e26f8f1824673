import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/capability-not-dropped.js';
import { fixture, outcomes, runCheck, pod, details } from '../support/harness.js';

const NET_RAW = { capability: 'NET_RAW' };

const cases: Array<{ name: string; yaml: string; details: string[] }> = [
  {
    name: 'dropping ALL or NET_RAW passes, in any spelling',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {capabilities: {drop: [ALL]}}
  - name: b
    image: x
    securityContext: {capabilities: {drop: [CAP_NET_RAW]}}
  - name: c
    image: x
    securityContext: {capabilities: {drop: [chown, net_raw]}}
  - name: d
    image: x
    securityContext: {capabilities: {drop: [all], add: [NET_BIND_SERVICE]}}`),
    details: [
      'pass /spec/containers/0/securityContext/capabilities/drop/0 dropped "ALL"',
      'pass /spec/containers/1/securityContext/capabilities/drop/0 dropped "CAP_NET_RAW"',
      'pass /spec/containers/2/securityContext/capabilities/drop/1 dropped "net_raw"',
      'pass /spec/containers/3/securityContext/capabilities/drop/0 dropped "all"',
    ],
  },
  {
    name: 'not dropping it fails: runtimes grant NET_RAW by default',
    yaml: pod(`  containers:
  - name: a
    image: x
  - name: b
    image: x
    securityContext: {capabilities: {drop: [SYS_ADMIN]}}`),
    details: [
      'fail /spec/containers/0/securityContext/capabilities/drop notDropped null',
      'fail /spec/containers/1/securityContext/capabilities/drop notDropped ["SYS_ADMIN"]',
    ],
  },
  {
    name: 'adding it back (or ALL) fails even after drop ALL',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {capabilities: {drop: [ALL], add: [CAP_NET_RAW]}}
  - name: b
    image: x
    securityContext: {capabilities: {drop: [NET_RAW], add: [ALL]}}`),
    details: [
      'fail /spec/containers/0/securityContext/capabilities/add/0 added "CAP_NET_RAW"',
      'fail /spec/containers/1/securityContext/capabilities/add/0 added "ALL"',
    ],
  },
  {
    name: 'a privileged container holds it whatever drop says',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {privileged: true, capabilities: {drop: [ALL]}}`),
    details: ['fail /spec/containers/0/securityContext/privileged privileged true'],
  },
  {
    name: 'init and ephemeral containers count',
    yaml: pod(`  initContainers:
  - name: init
    image: x
    securityContext: {capabilities: {drop: [ALL]}}
  containers:
  - name: a
    image: x
    securityContext: {capabilities: {drop: [ALL]}}
  ephemeralContainers:
  - name: dbg
    image: nicolaka/netshoot`),
    details: [
      'fail /spec/ephemeralContainers/0/securityContext/capabilities/drop notDropped null',
      'pass /spec/containers/0/securityContext/capabilities/drop/0 dropped "ALL"',
      'pass /spec/initContainers/0/securityContext/capabilities/drop/0 dropped "ALL"',
    ],
  },
];

for (const c of cases) {
  test(`capability-not-dropped: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, NET_RAW, c.yaml)), c.details);
  });
}

test('capability-not-dropped: the option is normalised (cap_net_raw is NET_RAW) and ALL is refused', () => {
  const yaml = pod(`  containers:
  - name: a
    image: x
    securityContext: {capabilities: {drop: [NET_RAW]}}`);
  assert.deepEqual(outcomes(runCheck(check, { capability: 'cap_net_raw' }, yaml), 'pass'), ['Pod/apps/p a /spec/containers/0/securityContext/capabilities/drop/0']);
  assert.throws(() => runCheck(check, { capability: 'all' }, yaml));
  assert.throws(() => runCheck(check, {}, yaml));
});

test('capability-not-dropped: the message names the capability', () => {
  const run = runCheck(check, NET_RAW, pod(`  containers:
  - name: a
    image: x`));
  assert.deepEqual(run.evidence[0]!.data, { container: 'a', capability: 'NET_RAW' });
});

test('capability-not-dropped: CronJob pointers reach into the job template', () => {
  const run = runCheck(check, NET_RAW, `
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
            securityContext: {capabilities: {drop: [ALL]}}
`);
  assert.deepEqual(outcomes(run, 'pass'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/containers/0/securityContext/capabilities/drop/0']);
});

test('capability-not-dropped: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, NET_RAW, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), [
    'Deployment/shop/api app /spec/template/spec/containers/0/securityContext/capabilities/drop',
    'Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext/privileged',
  ]);
});

test('capability-not-dropped: Windows pods are not judged', () => {
  const run = runCheck(check, NET_RAW, pod(`  os: {name: windows}
  containers:
  - name: iis
    image: mcr.microsoft.com/windows/servercore/iis`));
  assert.deepEqual(run.evidence, []);
  assert.ok(run.notApplicable);
});
