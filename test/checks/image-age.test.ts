import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/image-age.js';
import { outcomes, runCheck } from '../support/harness.js';
import { estate, operatorReport, trivyDocs } from '../support/images.js';

test('image-age: the image creation date of a Trivy report is judged; an epoch date is no date', () => {
  const run = runCheck(check, {}, estate() + trivyDocs('trivy-ledger.json', 'trivy-nginx.json') + operatorReport());
  assert.deepEqual(outcomes(run, 'fail'), [
    'StatefulSet/pay/ledger ledger /spec/template/spec/containers/0/image',
    'StatefulSet/pay/ledger migrate /spec/template/spec/initContainers/0/image',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), []);
  assert.deepEqual(run.evidence[0]!.observed, { imageCreated: '2025-06-01T10:00:00.123Z', ageDays: 517, report: 'Trivy report vulns/trivy-ledger.json' });
});

test('image-age: the period is an option', () => {
  const run = runCheck(check, { maxAgeDays: 600 }, estate() + trivyDocs('trivy-ledger.json'));
  assert.equal(outcomes(run, 'pass').length, 2);
});

test('image-age: no creation date anywhere is not applicable', () => {
  const run = runCheck(check, {}, estate() + operatorReport());
  assert.match(run.notApplicable!, /no vulnerability report carries an image creation date/);
});
