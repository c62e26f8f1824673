import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/seccomp-profile.js';
import { fixture, outcomes, runCheck, pod, details } from '../support/harness.js';

const cases: Array<{ name: string; yaml: string; details: string[] }> = [
  {
    name: 'RuntimeDefault and Localhost pass; Unconfined and unset fail',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {seccompProfile: {type: RuntimeDefault}}
  - name: b
    image: x
    securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}}
  - name: c
    image: x
    securityContext: {seccompProfile: {type: Unconfined}}
  - name: d
    image: x`),
    details: [
      'fail /spec/containers/2/securityContext/seccompProfile/type unconfined "Unconfined"',
      'fail /spec/containers/3/securityContext/seccompProfile/type unset null',
      'pass /spec/containers/0/securityContext/seccompProfile/type confined "RuntimeDefault"',
      'pass /spec/containers/1/securityContext/seccompProfile/type confined "Localhost"',
    ],
  },
  {
    name: 'the pod profile applies to containers that set none; the container wins',
    yaml: pod(`  securityContext: {seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: a
    image: x
  - name: b
    image: x
    securityContext: {seccompProfile: {type: Unconfined}}`),
    details: [
      'fail /spec/containers/1/securityContext/seccompProfile/type unconfined "Unconfined"',
      'pass /spec/securityContext/seccompProfile/type confined "RuntimeDefault"',
    ],
  },
  {
    name: 'a container profile overrides an Unconfined pod profile',
    yaml: pod(`  securityContext: {seccompProfile: {type: Unconfined}}
  containers:
  - name: a
    image: x
    securityContext: {seccompProfile: {type: RuntimeDefault}}`),
    details: ['pass /spec/containers/0/securityContext/seccompProfile/type confined "RuntimeDefault"'],
  },
  {
    name: 'the legacy docker/default name is not a type',
    yaml: pod(`  containers:
  - name: a
    image: x
    securityContext: {seccompProfile: {type: docker/default}}`),
    details: ['fail /spec/containers/0/securityContext/seccompProfile/type unknownType "docker/default"'],
  },
  {
    name: 'init and ephemeral containers count',
    yaml: pod(`  initContainers:
  - name: init
    image: x
    securityContext: {seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: a
    image: x
    securityContext: {seccompProfile: {type: RuntimeDefault}}
  ephemeralContainers:
  - name: dbg
    image: x`),
    details: [
      'fail /spec/ephemeralContainers/0/securityContext/seccompProfile/type unset null',
      'pass /spec/containers/0/securityContext/seccompProfile/type confined "RuntimeDefault"',
      'pass /spec/initContainers/0/securityContext/seccompProfile/type confined "RuntimeDefault"',
    ],
  },
];

for (const c of cases) {
  test(`seccomp-profile: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, {}, c.yaml)), c.details);
  });
}

test('seccomp-profile: an unset profile says the runtime default is Unconfined unless --seccomp-default', () => {
  const run = runCheck(check, {}, pod(`  containers:
  - name: a
    image: x`));
  assert.match(check.messages[run.evidence[0]!.messageId as keyof typeof check.messages], /Unconfined unless the kubelet runs with --seccomp-default/);
});

test('seccomp-profile: CronJob pointers reach into the job template', () => {
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
          securityContext:
            seccompProfile: {type: RuntimeDefault}
          containers: [{name: job, image: x}]
`);
  assert.deepEqual(outcomes(run, 'pass'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/securityContext/seccompProfile/type']);
});

test('seccomp-profile: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), [
    'Deployment/shop/api app /spec/template/spec/containers/0/securityContext/seccompProfile/type',
    'Deployment/shop/api migrate /spec/template/spec/initContainers/0/securityContext/seccompProfile/type',
  ]);
});

test('seccomp-profile: Windows pods are not judged', () => {
  const run = runCheck(check, {}, pod(`  os: {name: windows}
  containers:
  - name: iis
    image: mcr.microsoft.com/windows/servercore/iis`));
  assert.deepEqual(run.evidence, []);
  assert.ok(run.notApplicable);
});
