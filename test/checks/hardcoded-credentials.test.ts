import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/hardcoded-credentials.js';
import { outcomes, runCheck } from '../support/harness.js';

const CANARY = 'kpcanary-Zx81Qm2';

const yaml = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    spec:
      initContainers:
      - name: init
        image: x
        env: [{name: GITHUB, value: "ghp_aBcdEfGhIjKlMnOpQrStUvWxYz0123456789"}]
      containers:
      - name: app
        image: x
        env:
        - {name: DB_PASSWORD, value: "${CANARY}"}
        - {name: ADMIN_PASSWORD, value: changeme}
        - {name: REF_PASSWORD, value: "$(DB_PASSWORD)"}
        - {name: LOG_LEVEL, value: debug}
      - name: clean
        image: x
        env: [{name: MODE, value: prod}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: shop
  annotations: {ci.example.com/api-token: "${CANARY}", team: payments}
data:
  db.url: "postgres://app:${CANARY}@db:5432/app"
  color: blue
---
apiVersion: v1
kind: ConfigMap
metadata: {name: plain, namespace: shop}
data: {color: red}
`;

test('hardcoded-credentials: every literal is found, by field, and its value never appears', () => {
  const run = runCheck(check, {}, yaml);
  assert.deepEqual(outcomes(run, 'fail'), [
    'ConfigMap/shop/cfg /data/db.url',
    'ConfigMap/shop/cfg /metadata/annotations/ci.example.com~1api-token',
    'Deployment/shop/api app /spec/template/spec/containers/0/env/0/value',
    'Deployment/shop/api app /spec/template/spec/containers/0/env/1/value',
    'Deployment/shop/api init /spec/template/spec/initContainers/0/env/0/value',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), ['ConfigMap/shop/plain /data', 'Deployment/shop/api clean /spec/template/spec/containers/1/env']);
  const changeme = run.evidence.find((e) => e.pointer.endsWith('/containers/0/env/1/value'))!;
  assert.equal(changeme.data!.detector, 'credential-key-name', 'placeholders such as changeme count');
  assert.equal(changeme.data!.length, 8);
  const gh = run.evidence.find((e) => e.container === 'init')!;
  assert.equal(gh.data!.detector, 'github-token');
  assert.match(String(gh.observed), /^\[redacted: github-token, 40 bytes, fingerprint [0-9a-f]{12}\]$/);
  assert.ok(!JSON.stringify(run).includes(CANARY));
  assert.ok(!JSON.stringify(run).includes('changeme'));
});

test('hardcoded-credentials: the same value in two places has the same fingerprint', () => {
  const run = runCheck(check, {}, yaml);
  const fps = run.evidence.filter((e) => e.outcome === 'fail' && e.data!.length === CANARY.length).map((e) => e.data!.fingerprint);
  assert.equal(fps.length, 2);
  assert.equal(fps[0], fps[1]);
});
