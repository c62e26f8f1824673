import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/privileged-containers.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const pod = (name: string, spec: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: apps}
spec:
${spec}`;

const cases: Array<{ name: string; yaml: string; fail: string[]; pass: string[] }> = [
  {
    name: 'privileged: true fails',
    yaml: pod('p', '  containers:\n  - name: c\n    image: x\n    securityContext: {privileged: true}'),
    fail: ['Pod/apps/p c /spec/containers/0/securityContext/privileged'],
    pass: [],
  },
  {
    name: 'privileged: false and unset pass',
    yaml: pod('p', '  containers:\n  - name: a\n    image: x\n    securityContext: {privileged: false}\n  - name: b\n    image: x'),
    fail: [],
    pass: ['Pod/apps/p a /spec/containers/0/securityContext/privileged', 'Pod/apps/p b /spec/containers/1/securityContext/privileged'],
  },
  {
    name: 'a privileged init container counts',
    yaml: pod('p', '  initContainers:\n  - name: init\n    image: x\n    securityContext: {privileged: true}\n  containers:\n  - name: c\n    image: x'),
    fail: ['Pod/apps/p init /spec/initContainers/0/securityContext/privileged'],
    pass: ['Pod/apps/p c /spec/containers/0/securityContext/privileged'],
  },
  {
    name: 'a string "true" is not privileged (the API would reject it; kubelet never sees it)',
    yaml: pod('p', '  containers:\n  - name: c\n    image: x\n    securityContext: {privileged: "true"}'),
    fail: [],
    pass: ['Pod/apps/p c /spec/containers/0/securityContext/privileged'],
  },
];

for (const c of cases) {
  test(`privileged-containers: ${c.name}`, () => {
    const run = runCheck(check, {}, c.yaml);
    assert.deepEqual(outcomes(run, 'fail'), c.fail);
    assert.deepEqual(outcomes(run, 'pass'), c.pass);
  });
}

test('privileged-containers: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), ['Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext/privileged']);
  assert.deepEqual(outcomes(run, 'pass'), ['Deployment/shop/api app /spec/template/spec/containers/0/securityContext/privileged']);
});

test('privileged-containers: an ephemeral container of a bare pod counts', () => {
  const run = runCheck(check, {}, pod('debug', '  containers:\n  - name: c\n    image: x\n  ephemeralContainers:\n  - name: dbg\n    image: busybox\n    securityContext: {privileged: true}'));
  assert.deepEqual(outcomes(run, 'fail'), ['Pod/apps/debug dbg /spec/ephemeralContainers/0/securityContext/privileged']);
});

test('privileged-containers: containers only the running pod has (injected sidecar, ephemeral debugger) are checked, on the pod', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-injected.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), [
    'Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext/privileged',
    'Pod/shop/api-7d9f8c6b5-x2x9q debugger /spec/ephemeralContainers/0/securityContext/privileged',
    'Pod/shop/api-7d9f8c6b5-x2x9q istio-proxy /spec/containers/1/securityContext/privileged',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), ['Deployment/shop/api app /spec/template/spec/containers/0/securityContext/privileged']);
});
