import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/shared-service-account.js';
import { outcomes, runCheck } from '../support/harness.js';

const deploy = (ns: string, name: string, sa?: string) => `
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}, namespace: ${ns}}
  spec:
    selector: {matchLabels: {app: ${name}}}
    template:
      metadata: {labels: {app: ${name}}}
      spec:
${sa ? `        serviceAccountName: ${sa}\n` : ''}        containers: [{name: app, image: x}]`;

test('shared-service-account: a named ServiceAccount used by two workloads fails on both; default and per-namespace names are separate', () => {
  const run = runCheck(check, {}, `apiVersion: v1\nkind: List\nitems:${deploy('shop', 'api', 'shop')}${deploy('shop', 'worker', 'shop')}${deploy('shop', 'web', 'web')}${deploy('blog', 'api', 'shop')}${deploy('shop', 'cron')}\n`);
  assert.deepEqual(outcomes(run, 'fail'), ['Deployment/shop/api /spec/template/spec/serviceAccountName', 'Deployment/shop/worker /spec/template/spec/serviceAccountName']);
  assert.deepEqual(outcomes(run, 'pass'), ['Deployment/blog/api /spec/template/spec/serviceAccountName', 'Deployment/shop/web /spec/template/spec/serviceAccountName']);
});
