import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/host-path-volumes.js';
import { fixture, outcomes, runCheck, details } from '../support/harness.js';

const agent = fixture('checks', 'host-path-volumes', 'log-agent.yaml');

test('host-path-volumes: each hostPath volume fails with its path; other volumes are not findings', () => {
  const run = runCheck(check, {}, agent);
  assert.deepEqual(details(run), [
    'fail /spec/template/spec/volumes/0/hostPath/path hostPath "/var/log"',
    'fail /spec/template/spec/volumes/1/hostPath/path hostPath "/var/lib/docker/containers"',
    'fail /spec/template/spec/volumes/3/hostPath/path hostPath "/var/run/containerd/containerd.sock"',
  ]);
  assert.deepEqual(outcomes(run, 'fail'), [
    'DaemonSet/logging/fluent-bit /spec/template/spec/volumes/0/hostPath/path',
    'DaemonSet/logging/fluent-bit /spec/template/spec/volumes/1/hostPath/path',
    'DaemonSet/logging/fluent-bit /spec/template/spec/volumes/3/hostPath/path',
  ]);
  assert.deepEqual(run.evidence[0]!.data, { volume: 'varlog', path: '/var/log' });
});

test('host-path-volumes: allowed prefixes pass, by whole path segments, after normalising', () => {
  const run = runCheck(check, { allowedPaths: ['/var/log/', '/var/lib/docker/containers'] }, agent);
  assert.deepEqual(details(run), [
    'fail /spec/template/spec/volumes/3/hostPath/path hostPath "/var/run/containerd/containerd.sock"',
    'pass /spec/template/spec/volumes/0/hostPath/path allowedHostPath "/var/log"',
    'pass /spec/template/spec/volumes/1/hostPath/path allowedHostPath "/var/lib/docker/containers"',
  ]);
  const prefixes = (path: string, allowedPaths: string[]) =>
    runCheck(check, { allowedPaths }, `
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: apps}
spec:
  containers: [{name: a, image: x}]
  volumes:
  - name: v
    hostPath: {path: "${path}"}
`).evidence[0]!.outcome;
  assert.equal(prefixes('/var/log/pods', ['/var/log']), 'pass');
  assert.equal(prefixes('/var/logs', ['/var/log']), 'fail');
  assert.equal(prefixes('/var/log/../../etc', ['/var/log']), 'fail');
  assert.equal(prefixes('/etc', ['/']), 'pass');
  assert.throws(() => runCheck(check, { allowedPaths: ['var/log'] }, agent));
});

test('host-path-volumes: a workload with no hostPath volume passes once, at its volumes list', () => {
  const run = runCheck(check, {}, `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: postgres
        image: postgres:16
        volumeMounts: [{name: run, mountPath: /var/run/postgresql}]
      volumes:
      - name: run
        emptyDir: {}
      - name: conf
        configMap: {name: db-conf}
---
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
          containers: [{name: job, image: x}]
`);
  assert.deepEqual(details(run), [
    'pass /spec/jobTemplate/spec/template/spec/volumes noHostPath null',
    'pass /spec/template/spec/volumes noHostPath ["run","conf"]',
  ]);
});

test('host-path-volumes: CronJob pointers reach into the job template', () => {
  const run = runCheck(check, {}, `
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: ops}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: job, image: x}]
          volumes:
          - name: etcd
            hostPath: {path: /var/lib/etcd, type: Directory}
`);
  assert.deepEqual(outcomes(run, 'fail'), ['CronJob/ops/backup /spec/jobTemplate/spec/template/spec/volumes/0/hostPath/path']);
});

test('host-path-volumes: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'pass'), ['Deployment/shop/api /spec/template/spec/volumes']);
  assert.deepEqual(outcomes(run, 'fail'), []);
});
