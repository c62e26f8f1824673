import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/image-digest-pinned.js';
import { configSchema } from '../../src/config.js';
import { outcomes, runCheck } from '../support/harness.js';
import { estate } from '../support/images.js';

test('image-digest-pinned: only in-scope namespaces are judged; tags fail, digests pass', () => {
  const run = runCheck(check, {}, estate());
  assert.deepEqual(outcomes(run, 'fail'), [
    'CronJob/records/backup backup /spec/jobTemplate/spec/template/spec/containers/0/image',
    'Pod/records/debug shell /spec/containers/0/image',
    'StatefulSet/pay/ledger ledger /spec/template/spec/containers/0/image',
    'StatefulSet/pay/ledger migrate /spec/template/spec/initContainers/0/image',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), [
    'Deployment/pay/checkout checkout /spec/template/spec/containers/0/image',
    'Deployment/pay/pinned-drift app /spec/template/spec/containers/0/image',
  ]);
  assert.ok(!run.evidence.some((e) => e.object.namespace === 'web'), 'web is out of scope');
});

test('image-digest-pinned: a scope named only in the config counts', () => {
  const config = configSchema.parse({ scope: { pci: ['web'], hipaa: ['web'] } });
  const run = runCheck(check, {}, estate(), config);
  assert.ok(outcomes(run, 'fail').includes('Deployment/web/frontend nginx /spec/template/spec/containers/0/image'));
});

test('image-digest-pinned: with no scope declared anywhere, the whole estate is in scope', () => {
  const run = runCheck(check, { scopes: ['nowhere'] }, estate());
  assert.ok(outcomes(run, 'fail').includes('Deployment/web/legacy sidecar /spec/template/spec/containers/1/image'));
});

test('image-digest-pinned: nothing in scope is not applicable', () => {
  const run = runCheck(check, {}, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: pay, labels: {compliance.kubeproof.io/scope: "pci,hipaa"}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: other}\nspec: {containers: [{name: c, image: nginx}]}\n');
  assert.deepEqual(run.evidence, []);
  assert.match(run.notApplicable!, /no workload runs in an in-scope namespace/);
});
