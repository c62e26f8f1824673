import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/default-service-account.js';
import { fixture, outcomes, runCheck } from '../support/harness.js';

const lines = (yaml: string) =>
  runCheck(check, {}, yaml)
    .evidence.map((e) => `${e.outcome} ${e.object.kind}/${e.object.namespace}/${e.object.name} ${e.pointer} ${e.messageId} ${JSON.stringify(e.observed)}`)
    .sort();

test('default-service-account: workloads under the default ServiceAccount fail, however it is named', () => {
  assert.deepEqual(lines(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: unnamed, namespace: shop}
spec:
  selector: {matchLabels: {app: unnamed}}
  template:
    metadata: {labels: {app: unnamed}}
    spec:
      containers: [{name: a, image: x}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: explicit, namespace: shop}
spec:
  selector: {matchLabels: {app: explicit}}
  template:
    metadata: {labels: {app: explicit}}
    spec:
      serviceAccountName: default
      containers: [{name: a, image: x}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: empty, namespace: shop}
spec:
  selector: {matchLabels: {app: empty}}
  template:
    metadata: {labels: {app: empty}}
    spec:
      serviceAccountName: ""
      containers: [{name: a, image: x}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: deprecated, namespace: shop}
spec:
  selector: {matchLabels: {app: deprecated}}
  template:
    metadata: {labels: {app: deprecated}}
    spec:
      serviceAccount: default
      containers: [{name: a, image: x}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: own, namespace: shop}
spec:
  selector: {matchLabels: {app: own}}
  template:
    metadata: {labels: {app: own}}
    spec:
      serviceAccountName: own
      containers: [{name: a, image: x}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: own-deprecated, namespace: shop}
spec:
  selector: {matchLabels: {app: own-deprecated}}
  template:
    metadata: {labels: {app: own-deprecated}}
    spec:
      serviceAccount: legacy
      containers: [{name: a, image: x}]
`), [
    'fail Deployment/shop/deprecated /spec/template/spec/serviceAccount usesDefault "default"',
    'fail Deployment/shop/empty /spec/template/spec/serviceAccountName unset ""',
    'fail Deployment/shop/explicit /spec/template/spec/serviceAccountName usesDefault "default"',
    'fail Deployment/shop/unnamed /spec/template/spec/serviceAccountName unset null',
    'pass Deployment/shop/own /spec/template/spec/serviceAccountName ownAccount "own"',
    'pass Deployment/shop/own-deprecated /spec/template/spec/serviceAccount ownAccount "legacy"',
  ]);
});

test('default-service-account: default ServiceAccounts must opt out of automount; others are not judged here', () => {
  assert.deepEqual(lines(`
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
automountServiceAccountToken: false
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: ops}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: data}
automountServiceAccountToken: true
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: shop}
`), [
    'fail ServiceAccount/data/default /automountServiceAccountToken defaultAutomounts true',
    'fail ServiceAccount/ops/default /automountServiceAccountToken defaultAutomounts null',
    'pass ServiceAccount/shop/default /automountServiceAccountToken defaultNoAutomount false',
  ]);
});

test('default-service-account: static mirror pods are skipped; ordinary bare pods are not', () => {
  assert.deepEqual(lines(`
apiVersion: v1
kind: Pod
metadata:
  name: etcd-cp-1
  namespace: kube-system
  annotations: {kubernetes.io/config.mirror: 0a1b2c3d4e5f60718293a4b5c6d7e8f9}
spec:
  hostNetwork: true
  containers: [{name: etcd, image: registry.k8s.io/etcd:3.5.16-0}]
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: kube-system}
spec:
  containers: [{name: sh, image: busybox}]
`), ['fail Pod/kube-system/debug /spec/serviceAccountName unset null']);
});

test('default-service-account: CronJob pointers reach into the job template', () => {
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
          containers: [{name: job, image: x}]
`);
  assert.deepEqual(outcomes(run, 'fail'), ['CronJob/ops/nightly /spec/jobTemplate/spec/template/spec/serviceAccountName']);
});

test('default-service-account: a pod owned by a ReplicaSet of a Deployment is reported once, on the Deployment', () => {
  const run = runCheck(check, {}, fixture('checks', 'workloads-basic.yaml'));
  assert.deepEqual(outcomes(run, 'fail'), ['Deployment/shop/api /spec/template/spec/serviceAccountName']);
  assert.deepEqual(outcomes(run, 'pass'), []);
});
