import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../support/harness.js';
import { hasStackTrace, kubeproof } from '../support/cli.js';

const estate = join(FIXTURES, 'checks', 'images', 'estate.yaml');
const ledger = join(FIXTURES, 'vulns', 'trivy-ledger.json');
const nginx = join(FIXTURES, 'vulns', 'trivy-nginx.json');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'kp-vulns-'));
}

test('audit --vulns: Trivy reports enter the snapshot, the image controls judge them, the inventory counts them', () => {
  const out = tmp();
  const config = join(out, 'kubeproof.yaml');
  writeFileSync(config, 'images:\n  allowedRegistries: [registry.example.com]\n');
  const r = kubeproof(['audit', '--manifests', estate, '--vulns', ledger, nginx, '--config', config, '--out', join(out, 'pack'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const snapshot = JSON.parse(readFileSync(join(out, 'pack', 'snapshot.json'), 'utf8'));
  assert.equal(snapshot.objects.filter((o: { kind: string }) => o.kind === 'TrivyReport').length, 2);
  assert.equal(snapshot.coverage.find((c: { kind: string }) => c.kind === 'TrivyReport.kubeproof.io').status, 'collected');
  const results = JSON.parse(readFileSync(join(out, 'pack', 'results.json'), 'utf8'));
  const status = (id: string) => results.controls.find((c: { id: string }) => c.id === id).status;
  assert.equal(status('KP-IMG-001'), 'fail');
  assert.equal(status('KP-IMG-007'), 'fail');
  assert.equal(status('KP-IMG-008'), 'fail');
  const row = results.inventories.images.items.find((i: { image: string }) => i.image === 'registry.example.com/payments/ledger:1.9.3');
  assert.deepEqual(row.vulnerabilities, { critical: 2, high: 2, medium: 1, low: 1, unknown: 0 });
  const pci = results.frameworks.find((f: { id: string }) => f.id === 'pci-dss-4.0.1');
  assert.equal(pci.requirements.find((q: { id: string }) => q.id === '6.3.3').status, 'fail');

  const again = kubeproof(['evaluate', '--snapshot', join(out, 'pack', 'snapshot.json'), '--config', config, '--out', join(out, 'again.json'), '--quiet']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(readFileSync(join(out, 'again.json'), 'utf8'), readFileSync(join(out, 'pack', 'results.json'), 'utf8'), 'the same snapshot gives the same results');
});

test('audit without --vulns: the vulnerability controls are not assessed and say how to give the data', () => {
  const out = tmp();
  const r = kubeproof(['audit', '--manifests', estate, '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  const c = results.controls.find((x: { id: string }) => x.id === 'KP-IMG-007');
  assert.equal(c.status, 'not-assessed');
  assert.match(c.reason, /--vulns/);
  assert.equal(results.coverage.find((x: { kind: string }) => x.kind === 'TrivyReport.kubeproof.io').status, 'absent');
  assert.equal(results.controls.find((x: { id: string }) => x.id === 'KP-IMG-001').status, 'not-applicable');
});

test('collect --vulns with a malformed report: exit 2, one line naming the file, nothing written', () => {
  const dir = tmp();
  const bad = join(dir, 'nginx.json');
  writeFileSync(bad, '{"SchemaVersion": 2, "ArtifactName": "nginx", "Results": [{"Target": "t", "Vulnerabilities": [{"PkgName": "x"}]}]}');
  const r = kubeproof(['collect', '--manifests', estate, '--vulns', bad, '--out', join(dir, 'snapshot.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^kubeproof: error: .*nginx\.json: not a valid Trivy image report: Results\[0\]\.Vulnerabilities\[0\]\.VulnerabilityID/);
  assert.ok(!hasStackTrace(r.stderr));
  assert.ok(!existsSync(join(dir, 'snapshot.json')));
});

test('audit --snapshot --vulns adds the reports to a saved snapshot', () => {
  const dir = tmp();
  assert.equal(kubeproof(['collect', '--manifests', estate, '--out', join(dir, 's.json'), '--quiet']).code, 0);
  const r = kubeproof(['audit', '--snapshot', join(dir, 's.json'), '--vulns', ledger, '--out', join(dir, 'pack'), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(dir, 'pack', 'results.json'), 'utf8'));
  assert.equal(results.inventories.images.reports.trivy, 1);
});
