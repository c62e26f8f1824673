import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imagesOf } from '../../src/checks/images-helpers.js';
import { DEFAULT_CONFIG, configSchema, type Config } from '../../src/config.js';
import { resolveScope } from '../../src/evaluate/scope.js';
import { IMAGES_CSV_COLUMNS, imagesCsvRows } from '../../src/inventory/images-csv.js';
import { SnapshotIndex } from '../../src/snapshot/index.js';
import { snapshotOf } from '../support/harness.js';
import { estate, operatorReport, trivyDocs } from '../support/images.js';

const A = `sha256:${'a1'.repeat(32)}`;
const B = `sha256:${'b2'.repeat(32)}`;
const C = `sha256:${'c3'.repeat(32)}`;

function inventory(yaml: string, config: Config = DEFAULT_CONFIG) {
  const index = new SnapshotIndex(snapshotOf(yaml));
  return imagesOf({ index, config, asOf: index.snapshot.collectedAt, scope: (t) => resolveScope(t, index, config) }).inventory;
}
const full = () => estate() + trivyDocs('trivy-ledger.json', 'trivy-nginx.json') + operatorReport();

test('images inventory: one row per image; `nginx` and `nginx:latest` are one row', () => {
  const inv = inventory(full());
  assert.deepEqual(inv.items.map((r) => r.image), [
    'docker.io/library/nginx:1.27',
    'docker.io/library/nginx:latest',
    'docker.io/library/postgres:16.4',
    'Busybox:1.36',
    `registry.example.com/payments/checkout@${A}`,
    'registry.example.com/payments/ledger:1.9.3',
    `registry.example.com/payments/tools:2.0@sha256:${'e5'.repeat(32)}`,
  ]);
  const latest = inv.items[1]!;
  assert.deepEqual(latest.written, ['nginx', 'nginx:latest']);
  assert.deepEqual(latest.workloads.map((w) => w.name), ['frontend', 'legacy']);
  assert.equal(latest.tag, 'latest');
});

test('images inventory: registry, repository, tag, digest asked and digests running, pods, pull policy, scope', () => {
  const ledger = inventory(full()).items.find((r) => r.repository === 'payments/ledger')!;
  assert.deepEqual(
    { registry: ledger.registry, tag: ledger.tag, digest: ledger.digest, runningDigests: ledger.runningDigests, pods: ledger.pods, pullPolicies: ledger.pullPolicies, namespaces: ledger.namespaces, scopes: ledger.scopes, inScope: ledger.inScope },
    { registry: 'registry.example.com', tag: '1.9.3', digest: null, runningDigests: [B, C], pods: 2, pullPolicies: ['IfNotPresent'], namespaces: ['pay'], scopes: ['pci'], inScope: true },
  );
  const checkout = inventory(full()).items.find((r) => r.repository === 'payments/checkout')!;
  assert.equal(checkout.digest, A);
  assert.deepEqual(checkout.runningDigests, [A]);
  assert.equal(inventory(full()).items.find((r) => r.repository === 'library/nginx' && r.tag === 'latest')!.inScope, false);
});

test('images inventory: vulnerability counts by severity, fixable counts, the report and the image age', () => {
  const inv = inventory(full());
  const ledger = inv.items.find((r) => r.repository === 'payments/ledger')!;
  assert.deepEqual(ledger.vulnerabilities, { critical: 2, high: 2, medium: 1, low: 1, unknown: 0 });
  assert.deepEqual(ledger.fixable, { critical: 1, high: 2 });
  assert.equal(ledger.report!.matchedBy, 'digest');
  assert.equal(ledger.report!.ageDays, 11);
  assert.equal(ledger.imageAgeDays, 517);
  const postgres = inv.items.find((r) => r.repository === 'library/postgres')!;
  assert.equal(postgres.report!.source, 'trivy-operator');
  assert.deepEqual(postgres.vulnerabilities, { critical: 1, high: 1, medium: 0, low: 0, unknown: 0 });
  const invalid = inv.items.find((r) => r.image === 'Busybox:1.36')!;
  assert.match(invalid.error!, /must be lower case/);
  assert.equal(invalid.vulnerabilities, null);
  assert.deepEqual(inv.reports, { trivy: 2, trivyOperator: 1 });
  assert.deepEqual(inv.scopes, { hipaa: { declared: true, namespaces: ['records'] }, pci: { declared: true, namespaces: ['pay'] } });
});

test('images inventory: a scope tag the config adds is judged too', () => {
  const config = configSchema.parse({ scope: { sox: ['web'] } });
  const nginx = inventory(full(), config).items.find((r) => r.tag === 'latest')!;
  assert.deepEqual(nginx.scopes, ['sox']);
});

test('images.csv rows: the header, then one row per image, empty cells where nothing is known', () => {
  const { header, rows } = imagesCsvRows(inventory(full()));
  assert.deepEqual(header, [...IMAGES_CSV_COLUMNS]);
  assert.equal(rows.length, 7);
  for (const r of rows) assert.equal(r.length, header.length);
  const ledger = Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r[0] === 'registry.example.com/payments/ledger:1.9.3')![i]]));
  assert.deepEqual(ledger, {
    image: 'registry.example.com/payments/ledger:1.9.3',
    registry: 'registry.example.com',
    repository: 'payments/ledger',
    tag: '1.9.3',
    digest_asked: '',
    digests_running: `${B} ${C}`,
    pods: '2',
    pull_policies: 'IfNotPresent',
    workloads: 'StatefulSet/pay/ledger',
    namespaces: 'pay',
    in_scope: 'yes',
    scopes: 'pci',
    critical: '2',
    high: '2',
    medium: '1',
    low: '1',
    unknown: '0',
    fixable_critical: '1',
    fixable_high: '2',
    report: 'Trivy report vulns/trivy-ledger.json',
    report_created: '2026-10-20T04:12:44.918Z',
    report_age_days: '11',
    report_matched_by: 'digest',
    image_created: '2025-06-01T10:00:00.123Z',
    image_age_days: '517',
    error: '',
  });
  const checkout = rows.find((r) => r[0]!.includes('checkout'))!;
  assert.equal(checkout[header.indexOf('critical')], '', 'no report is not zero vulnerabilities');
});
