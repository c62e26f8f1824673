import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildViewModel } from '../../src/report/view-model.js';
import { formatDateTime, formatInt, kindPlural } from '../../src/report/format.js';
import { stackedBar, ring } from '../../src/report/charts.js';
import { fixtureResults, resultsWithGap, resultsWithInventories, XSS_NAME } from '../support/report.js';

test('format: locale-free numbers, UTC dates, kind plurals', () => {
  assert.equal(formatInt(1234567), '1,234,567');
  assert.equal(formatInt(-12), '-12');
  assert.equal(formatDateTime('2026-11-18T11:06:40.000Z'), '18 November 2026, 11:06:40 UTC');
  assert.deepEqual(['RoleBinding', 'NetworkPolicy', 'Ingress', 'ClusterPolicy.kyverno.io'].map(kindPlural), ['RoleBindings', 'NetworkPolicies', 'Ingresses', 'ClusterPolicy.kyverno.io objects']);
});

test('charts: a small share stays visible; a ring closes the circle', () => {
  const bar = stackedBar([{ key: 'a', label: 'A', count: 1, color: '#000' }, { key: 'b', label: 'B', count: 999, color: '#fff' }], 100, 2);
  assert.equal(bar.length, 2);
  assert.ok(bar[0]!.width >= 2);
  assert.ok(Math.abs(bar[1]!.x + bar[1]!.width - 100) < 0.05);
  const full = ring([{ key: 'a', label: 'A', count: 5, color: '#000' }], 50, 34);
  assert.match(full[0]!.d, /^M 50 0 A 50 50 0 1 1 50 100 A/);
});

test('view model: frameworks in order, requirements in the standard’s order, evidence in the framework’s scope', async () => {
  const r = await fixtureResults();
  const vm = buildViewModel(r, { resultsDigest: 'sha256:00' });
  assert.deepEqual(vm.frameworks.map((f) => f.id), ['cis-kubernetes-1.12', 'hipaa-security-rule', 'pci-dss-4.0.1']);
  assert.deepEqual(vm.frameworks.map((f) => f.number), ['2.1', '2.2', '2.3']);
  const cis = vm.frameworks[0]!;
  const ids = cis.sections.flatMap((s) => s.requirements.map((q) => q.id));
  assert.deepEqual(ids, r.frameworks[0]!.requirements.map((q) => q.id));
  const req = cis.sections.flatMap((s) => s.requirements).find((q) => q.id === '5.2.2')!;
  assert.equal(req.status, 'fail');
  assert.equal(req.evidence[0]!.controlId, 'KP-PS-001');
  assert.deepEqual(req.evidence[0]!.rows.map((e) => e.name).sort(), ['=HYPERLINK("http://evil.example")', XSS_NAME, 'card-vault'].sort());
  // PCI is scoped to payments: the web namespace's privileged pods are not PCI evidence.
  const pci = vm.frameworks.find((f) => f.id === 'pci-dss-4.0.1')!;
  const p221 = pci.sections.flatMap((s) => s.requirements).find((q) => q.id === '2.2.1')!;
  const p221Rows = p221.evidence.flatMap((g) => g.rows);
  assert.ok(p221Rows.some((e) => e.name === 'card-vault'));
  assert.ok(p221Rows.every((e) => e.namespace === 'payments' || e.namespace === ''), 'only the cardholder-data environment');
  // The same control failing under 2.2.4 points back to 2.2.1 rather than repeating the table.
  const p224 = pci.sections.flatMap((s) => s.requirements).find((q) => q.id === '2.2.4')!;
  assert.equal(p224.evidence.length, 0);
  const shownUnder221 = new Set(p221.evidence.map((g) => g.controlId));
  for (const c of p224.controls.filter((x) => shownUnder221.has(x.id))) assert.equal(c.evidenceAt?.requirementId, '2.2.1', c.id);
  assert.equal(vm.summary.topFailing[0]!.severity, 'critical');
  const bare = await fixtureResults();
  delete (bare as { inventories?: unknown }).inventories;
  const noInventories = buildViewModel(bare);
  assert.deepEqual(noInventories.inventories, [], 'no inventories in the results: no section');
  assert.equal(noInventories.chapters.inventories, '');
  assert.deepEqual(noInventories.toc.map((t) => t.number).filter((n) => !n.includes('.')), ['1', '2', '3', '4', '5', '6']);
});

test('view model: waivers, expired ones marked; manual requirements in the attestation register', async () => {
  const r = await fixtureResults();
  const vm = buildViewModel(r);
  assert.deepEqual(vm.waivers.map((w) => [w.id, w.status, w.expired]), [['W-001', 'active', false], ['W-002', 'expired', true]]);
  const cis = vm.attestations.find((a) => a.frameworkId === 'cis-kubernetes-1.12')!;
  assert.equal(cis.items.length, r.frameworks[0]!.requirements.filter((q) => q.status === 'manual' || q.status === 'attested' || q.attestation).length);
  assert.match(cis.items[0]!.note, /stat -c %a/);
  // An applied attestation makes its requirement attested and is in the register; an expired one is marked.
  const pci = vm.attestations.find((a) => a.frameworkId === 'pci-dss-4.0.1')!;
  const applied = pci.items.find((i) => i.id === '12.1.1')!;
  assert.match(applied.attestation, /^A-001: The information security policy .* — attested by Jane Doe, QSA \(Example Assessors Ltd\) on 2026-09-15 — evidence: DMS ISP-2026-v3; ticket SEC-1234 — expires 2027-09-14$/);
  assert.equal(vm.frameworks.find((f) => f.id === 'pci-dss-4.0.1')!.sections.flatMap((s) => s.requirements).find((q) => q.id === '12.1.1')!.status, 'attested');
  assert.match(cis.items.find((i) => i.id === '1.1.1')!.attestation, /EXPIRED on 2026-04-01/);
  const manual = vm.frameworks[0]!.sections[0]!.requirements[0]!;
  if (manual.status === 'manual') assert.equal(manual.attestationAnchor, cis.items[0]!.anchor);
});

test('view model: a coverage gap is said in plain words with the requirements it leaves open', async () => {
  const vm = buildViewModel(await resultsWithGap());
  assert.equal(
    vm.summary.gaps[0]!.text,
    'RoleBindings could not be read: forbidden (403 Forbidden: rolebindings.rbac.authorization.k8s.io is forbidden) — 3 requirements not assessed (KP-RB-901)',
  );
  // Every control left not assessed is accounted for, by a coverage gap or by its own reason.
  const named = new Set(vm.summary.gaps.flatMap((g) => g.controls));
  for (const c of (await resultsWithGap()).controls.filter((x) => x.status === 'not-assessed')) assert.ok(named.has(c.id), c.id);
  assert.equal(vm.appendix.coverage.find((c) => c.kind === 'RoleBinding')!.gap, true);
});

test('view model: inventories appear only when present, as tables', async () => {
  const vm = buildViewModel(await resultsWithInventories());
  assert.deepEqual(vm.inventories.map((t) => t.title), ['Container images', 'RBAC subjects']);
  assert.equal(vm.chapters.inventories, '4');
  assert.deepEqual(vm.inventories[1]!.rows[0], ['ServiceAccount payments/vault', 'get,list secrets in payments', 'RoleBinding payments/vault-read']);
  assert.equal(vm.inventories[0]!.rows[1]![2], '1');
});

test('view model: the same results give the same model', async () => {
  const a = JSON.stringify(buildViewModel(await fixtureResults()));
  const b = JSON.stringify(buildViewModel(await fixtureResults()));
  assert.equal(a, b);
});
