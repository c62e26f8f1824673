import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/legacy-token-secrets.js';
import { outcomes, runCheck } from '../support/harness.js';

const yaml = `
apiVersion: v1
kind: ServiceAccount
metadata: {name: deployer, namespace: ci}
secrets: [{name: deployer-token-x7k2p}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: ci}
---
apiVersion: v1
kind: Secret
metadata:
  name: deployer-token-x7k2p
  namespace: ci
  annotations: {kubernetes.io/service-account.name: deployer, kubernetes.io/service-account.uid: 5c1b}
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Secret
metadata:
  name: mounted-token
  namespace: ci
  annotations: {kubernetes.io/service-account.name: app}
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Pod
metadata: {name: runner, namespace: ci}
spec:
  containers: [{name: c, image: x}]
  volumes: [{name: t, secret: {secretName: mounted-token}}]
`;

test('legacy-token-secrets: every token Secret fails and says whether a workload uses it', () => {
  const run = runCheck(check, {}, yaml);
  assert.deepEqual(outcomes(run, 'fail'), ['Secret/ci/deployer-token-x7k2p /type', 'Secret/ci/mounted-token /type']);
  assert.deepEqual(outcomes(run, 'pass'), []);
  assert.deepEqual(run.evidence.map((e) => e.messageId).sort(), ['legacyUnused', 'legacyUsed']);
  assert.match(JSON.stringify(run.evidence.find((e) => e.messageId === 'legacyUsed')!.data), /Pod runner/);
});

test('legacy-token-secrets: a ServiceAccount without one passes', () => {
  const run = runCheck(check, {}, 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: ci}\n');
  assert.deepEqual(outcomes(run, 'pass'), ['ServiceAccount/ci/app /secrets']);
});
