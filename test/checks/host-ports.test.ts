import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/host-ports.js';
import { fixture, outcomes, runCheck, pod, details } from '../support/harness.js';

const cases: Array<{ name: string; yaml: string; details: string[] }> = [
  {
    name: 'each non-zero hostPort fails; hostPort 0 and unset pass once per container',
    yaml: pod(`  containers:
  - name: a
    image: x
    ports:
    - {name: http, containerPort: 8080, hostPort: 80, protocol: TCP}
    - {name: metrics, containerPort: 9090}
    - {name: dns, containerPort: 53, hostPort: 53, protocol: UDP}
  - name: b
    image: x
    ports:
    - {containerPort: 8080, hostPort: 0}
  - name: c
    image: x`),
    details: [
      'fail /spec/containers/0/ports/0/hostPort hostPort 80',
      'fail /spec/containers/0/ports/2/hostPort hostPort 53',
      'pass /spec/containers/1/ports noHostPort [{"containerPort":8080,"hostPort":0}]',
      'pass /spec/containers/2/ports noHostPort null',
    ],
  },
  {
    name: 'on a hostNetwork pod a container port is a host port even when hostPort is not written',
    yaml: pod(`  hostNetwork: true
  containers:
  - name: a
    image: x
    ports:
    - {containerPort: 9100}
  - name: b
    image: x`),
    details: [
      'fail /spec/containers/0/ports/0/hostPort hostNetworkPort null',
      'pass /spec/containers/1/ports noHostPort null',
    ],
  },
  {
    name: 'init and ephemeral containers count',
    yaml: pod(`  initContainers:
  - name: init
    image: x
    ports: [{containerPort: 8443, hostPort: 8443}]
  containers:
  - name: a
    image: x
  ephemeralContainers:
  - name: dbg
    image: x`),
    details: [
      'fail /spec/initContainers/0/ports/0/hostPort hostPort 8443',
      'pass /spec/containers/0/ports noHostPort null',
      'pass /spec/ephemeralContainers/0/ports noHostPort null',
    ],
  },
];

for (const c of cases) {
  test(`host-ports: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, {}, c.yaml)), c.details);
  });
}

test('host-ports: the message names both ports', () => {
  const run = runCheck(check, {}, pod(`  containers:
  - name: a
    image: x
    ports: [{containerPort: 8080, hostPort: 80}]`));
  assert.deepEqual(run.evidence[0]!.data, { container: 'a', hostPort: '80', containerPort: '8080' });
});

test('host-ports: CronJob pointers reach into the job template', () => {
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
            ports: [{containerPort: 2049, hostPort: 2049}]
`);
  assert.deepEqual(outcomes(run, 'fail'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/containers/0/ports/0/hostPort']);
});

test('host-ports: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'pass'), [
    'Deployment/shop/api app /spec/template/spec/containers/0/ports',
    'Deployment/shop/api migrate /spec/template/spec/initContainers/0/ports',
  ]);
  assert.deepEqual(outcomes(run, 'fail'), []);
});
