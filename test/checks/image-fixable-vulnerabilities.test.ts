import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/checks/image-fixable-vulnerabilities.js';
import { outcomes, runCheck } from '../support/harness.js';
import { estate, operatorReport, trivyDocs } from '../support/images.js';

const withReports = () => estate() + trivyDocs('trivy-ledger.json', 'trivy-nginx.json') + operatorReport();

test('image-fixable-vulnerabilities: fixable critical and high older than 30 days fail, with CVE, package and versions', () => {
  const run = runCheck(check, {}, withReports());
  assert.deepEqual(outcomes(run, 'fail'), [
    'CronJob/records/backup backup /spec/jobTemplate/spec/template/spec/containers/0/image',
    'StatefulSet/pay/ledger ledger /spec/template/spec/containers/0/image',
    'StatefulSet/pay/ledger migrate /spec/template/spec/initContainers/0/image',
  ]);
  assert.deepEqual(outcomes(run, 'pass'), ['Deployment/web/legacy web /spec/template/spec/containers/0/image']);
  const ledger = run.evidence.find((e) => e.container === 'ledger')!;
  assert.deepEqual(ledger.observed, [
    { id: 'CVE-2022-42003', package: 'com.fasterxml.jackson.core:jackson-databind', installed: '2.13.3', fixed: '2.12.7.1, 2.13.4.2', severity: 'high', published: '2022-10-02T05:15:09.280Z', ageDays: 1490 },
    { id: 'CVE-2024-45491', package: 'libexpat1', installed: '2.5.0-1', fixed: '2.5.0-1+deb12u1', severity: 'critical', published: '2024-08-30T03:15:03.757Z', ageDays: 792 },
  ]);
  assert.match(ledger.data!.list as string, /CVE-2024-45491 \(critical\) in libexpat1 2\.5\.0-1 → 2\.5\.0-1\+deb12u1, published 792 days ago/);
  const backup = run.evidence.find((e) => e.container === 'backup')!;
  assert.deepEqual((backup.observed as Array<{ id: string }>).map((v) => v.id), ['CVE-2024-7348']);
});

test('image-fixable-vulnerabilities: a fix within the grace period, an unfixed one and a medium one pass', () => {
  const run = runCheck(check, { graceDays: 3000 }, withReports());
  const ledger = run.evidence.find((e) => e.container === 'ledger')!;
  assert.equal(ledger.outcome, 'pass');
  assert.equal(ledger.data!.recent, 3);
});

test('image-fixable-vulnerabilities: severities are an option', () => {
  const run = runCheck(check, { severities: ['medium'] }, withReports());
  const ledger = run.evidence.find((e) => e.container === 'ledger')!;
  assert.deepEqual((ledger.observed as Array<{ id: string }>).map((v) => v.id), ['CVE-2024-2511']);
});

test('image-fixable-vulnerabilities: no data, or no matching report, is not assessed', () => {
  assert.match(runCheck(check, {}, estate()).notAssessed!, /--vulns/);
  const unrelated = runCheck(check, {}, `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: "other:1"}]}\n${trivyDocs('trivy-nginx.json')}`);
  assert.match(unrelated.notAssessed!, /no image of the estate has a matching vulnerability report/);
});
