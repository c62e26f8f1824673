import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrivyReports, trivyReportObject, withTrivyReports, type TrivyReportSpec } from '../../src/collect/vulns.js';
import { InputError } from '../../src/errors.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import type { K8sObject } from '../../src/snapshot/types.js';
import { fixture, snapshotOf } from '../support/harness.js';

const spec = (o: K8sObject) => o.spec as TrivyReportSpec;

test('Trivy JSON: the artifact, digests, dates and every vulnerability of every result are kept; secrets are not', () => {
  const o = trivyReportObject(fixture('vulns', 'trivy-ledger.json'), 'vulns/trivy-ledger.json');
  assert.equal(o.apiVersion, 'kubeproof.io/v1');
  assert.equal(o.kind, 'TrivyReport');
  assert.match(o.metadata.name, /^trivy-[0-9a-f]{16}$/);
  const s = spec(o);
  assert.equal(s.artifactName, 'registry.example.com/payments/ledger:1.9.3');
  assert.deepEqual(s.repoDigests, [`registry.example.com/payments/ledger@sha256:${'b2'.repeat(32)}`]);
  assert.equal(s.createdAt, '2026-10-20T04:12:44.918Z');
  assert.equal(s.imageCreated, '2025-06-01T10:00:00.123Z');
  assert.equal(s.os, 'debian 12.7');
  assert.equal(s.vulnerabilities.length, 6);
  assert.deepEqual(s.vulnerabilities[0], {
    id: 'CVE-2024-45491',
    package: 'libexpat1',
    installed: '2.5.0-1',
    fixed: '2.5.0-1+deb12u1',
    severity: 'CRITICAL',
    published: '2024-08-30T03:15:03.757Z',
    status: 'fixed',
    target: 'registry.example.com/payments/ledger:1.9.3 (debian 12.7)',
  });
  assert.equal(s.vulnerabilities.find((v) => v.id === 'CVE-2023-45853')!.fixed, null);
  assert.ok(!JSON.stringify(o).includes('AWS_ACCESS_KEY_ID'), 'secret findings are not copied');
  assert.ok(!JSON.stringify(o).includes('Description'), 'only the fields the controls read');
});

test('Trivy JSON: the same file gives the same object; a different file another', () => {
  const a = trivyReportObject(fixture('vulns', 'trivy-ledger.json'), 'a.json');
  const b = trivyReportObject(fixture('vulns', 'trivy-ledger.json'), 'b.json');
  const c = trivyReportObject(fixture('vulns', 'trivy-nginx.json'), 'c.json');
  assert.equal(a.metadata.name, b.metadata.name);
  assert.notEqual(a.metadata.name, c.metadata.name);
});

const bad: Array<[string, string, RegExp]> = [
  ['not JSON', '{"SchemaVersion": 2,', /the JSON does not parse/],
  ['schema 1', '[{"Target": "x", "Vulnerabilities": null}]', /schema version 1/],
  ['schema 3', '{"SchemaVersion": 3, "ArtifactName": "x"}', /SchemaVersion: expected SchemaVersion 2/],
  ['a filesystem scan', '{"SchemaVersion": 2, "ArtifactName": ".", "ArtifactType": "filesystem"}', /of a "filesystem", not a container image/],
  ['trivy k8s', '{"ClusterName": "prod", "Resources": []}', /trivy k8s report/],
  ['no artifact', '{"SchemaVersion": 2}', /ArtifactName/],
  ['a vulnerability without an id', '{"SchemaVersion": 2, "ArtifactName": "x", "Results": [{"Target": "t", "Vulnerabilities": [{"PkgName": "p", "Severity": "HIGH"}]}]}', /Results\[0\]\.Vulnerabilities\[0\]\.VulnerabilityID/],
  ['a bad date', '{"SchemaVersion": 2, "ArtifactName": "x", "CreatedAt": "yesterday"}', /CreatedAt: expected an RFC 3339 date/],
];
for (const [name, text, message] of bad) {
  test(`Trivy JSON refused, naming the file: ${name}`, () => {
    assert.throws(
      () => trivyReportObject(text, 'reports/bad.json'),
      (err: unknown) => err instanceof InputError && err.message.startsWith('reports/bad.json: ') && message.test(err.message),
    );
  });
}

test('--vulns: an unreadable file is an input error naming it', () => {
  assert.throws(() => readTrivyReports(['/no/such/report.json'], '/'), (err: unknown) => err instanceof InputError && /no\/such\/report\.json: cannot read the Trivy report: no such file/.test(err.message));
});

test('--vulns: reports enter the snapshot with a coverage entry; the snapshot stays valid and sealed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-vulns-'));
  writeFileSync(join(dir, 'ledger.json'), fixture('vulns', 'trivy-ledger.json'));
  const base = snapshotOf('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
  const withReports = withTrivyReports(base, readTrivyReports([join(dir, 'ledger.json')], dir), true);
  assert.deepEqual(withReports.coverage.find((c) => c.kind === 'TrivyReport.kubeproof.io'), { kind: 'TrivyReport.kubeproof.io', status: 'collected', count: 1, message: 'from --vulns: ledger.json' });
  assert.equal(withReports.objects.filter((o) => o.kind === 'TrivyReport').length, 1);
  assert.notEqual(withReports.digest, base.digest);
  assert.deepEqual(parseSnapshot(JSON.stringify(withReports), 'x.json').digest, withReports.digest);
  const again = withTrivyReports(withReports, readTrivyReports([join(dir, 'ledger.json')], dir), false);
  assert.equal(again.objects.filter((o) => o.kind === 'TrivyReport').length, 1, 'the same report is not added twice');
});

test('--vulns: without files a fresh snapshot says no report was given; a saved one is left as it was', () => {
  const base = snapshotOf('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
  const fresh = withTrivyReports(base, [], true);
  assert.deepEqual(fresh.coverage.find((c) => c.kind === 'TrivyReport.kubeproof.io'), { kind: 'TrivyReport.kubeproof.io', status: 'absent', count: 0, message: 'no Trivy report was given (--vulns)' });
  assert.equal(withTrivyReports(base, [], false), base);
});
