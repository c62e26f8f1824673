import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/secrets-in-env.js';
import { fixture, outcomes, runCheck, pod, details } from '../support/harness.js';

const cases: Array<{ name: string; yaml: string; details: string[] }> = [
  {
    name: 'each secretKeyRef and envFrom secretRef fails with the Secret and key; ConfigMap refs and literals do not',
    yaml: pod(`  containers:
  - name: a
    image: x
    env:
    - name: LOG_LEVEL
      value: info
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef: {name: db, key: password}
    - name: FEATURE
      valueFrom:
        configMapKeyRef: {name: flags, key: feature}
    envFrom:
    - configMapRef: {name: app-config}
    - secretRef: {name: api-keys}
      prefix: API_`),
    details: [
      'fail /spec/containers/0/env/1/valueFrom/secretKeyRef secretKeyRef {"name":"db","key":"password"}',
      'fail /spec/containers/0/envFrom/1/secretRef secretRef {"name":"api-keys"}',
    ],
  },
  {
    name: 'containers without Secret references pass, listing the variable names looked at',
    yaml: pod(`  containers:
  - name: a
    image: x
    env: [{name: LOG_LEVEL, value: info}]
    envFrom: [{configMapRef: {name: app-config}}]
    volumeMounts: [{name: db, mountPath: /var/run/secrets/db, readOnly: true}]
  - name: b
    image: x
  volumes:
  - name: db
    secret: {secretName: db, defaultMode: 256}`),
    details: [
      'pass /spec/containers/0/env noSecretInEnv ["LOG_LEVEL"]',
      'pass /spec/containers/1/env noSecretInEnv null',
    ],
  },
  {
    name: 'init and ephemeral containers count',
    yaml: pod(`  initContainers:
  - name: migrate
    image: x
    env:
    - name: DATABASE_URL
      valueFrom: {secretKeyRef: {name: db, key: url, optional: true}}
  containers:
  - name: a
    image: x
  ephemeralContainers:
  - name: dbg
    image: x
    envFrom: [{secretRef: {name: db}}]`),
    details: [
      'fail /spec/ephemeralContainers/0/envFrom/0/secretRef secretRef {"name":"db"}',
      'fail /spec/initContainers/0/env/0/valueFrom/secretKeyRef secretKeyRef {"name":"db","key":"url"}',
      'pass /spec/containers/0/env noSecretInEnv null',
    ],
  },
];

for (const c of cases) {
  test(`secrets-in-env: ${c.name}`, () => {
    assert.deepEqual(details(runCheck(check, {}, c.yaml)), c.details);
  });
}

test('secrets-in-env: the message names the Secret, the key and the variable, and no value is read', () => {
  const run = runCheck(check, {}, `
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: apps}
type: Opaque
stringData: {password: hunter2-not-a-real-one}
---
${pod(`  containers:
  - name: a
    image: x
    env:
    - name: DB_PASSWORD
      valueFrom: {secretKeyRef: {name: db, key: password}}`)}`);
  assert.deepEqual(run.evidence[0]!.data, { container: 'a', secret: 'db', key: 'password', variable: 'DB_PASSWORD' });
  assert.doesNotMatch(JSON.stringify(run.evidence), /hunter2/);
});

test('secrets-in-env: CronJob pointers reach into the job template', () => {
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
            envFrom: [{secretRef: {name: backup-creds}}]
`);
  assert.deepEqual(outcomes(run, 'fail'), ['CronJob/ops/nightly job /spec/jobTemplate/spec/template/spec/containers/0/envFrom/0/secretRef']);
});

test('secrets-in-env: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'pass'), [
    'Deployment/shop/api app /spec/template/spec/containers/0/env',
    'Deployment/shop/api migrate /spec/template/spec/initContainers/0/env',
  ]);
});
