import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load.js';
import { checkRegistry } from '../../src/checks/registry.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { FIXTURES } from '../support/harness.js';

const catalog = loadCatalog();

/** Requirement ids of a reference TSV (first column of the non-comment lines). */
function referenceIds(file: string): string[] {
  return readFileSync(join(FIXTURES, 'reference', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t')[0]!.trim());
}

test('the three frameworks are loaded', () => {
  assert.deepEqual(catalog.frameworks.map((f) => f.id), ['cis-kubernetes-1.12', 'hipaa-security-rule', 'pci-dss-4.0.1']);
});

for (const [framework, file] of [
  ['cis-kubernetes-1.12', 'cis-kubernetes-1.12.tsv'],
  ['pci-dss-4.0.1', 'pci-dss-4.0.1.tsv'],
  ['hipaa-security-rule', 'hipaa-security-rule.tsv'],
] as const) {
  test(`${framework}: every requirement id of the reference is a requirement`, () => {
    const leaves = new Set(catalog.framework(framework)!.leaves.map((l) => l.id));
    const missing = referenceIds(file).filter((id) => !leaves.has(id));
    assert.deepEqual(missing, []);
  });
}

test('CIS Kubernetes v1.12 lists exactly the 131 recommendations, in the benchmark order', () => {
  const cis = catalog.framework('cis-kubernetes-1.12')!;
  assert.deepEqual(cis.leaves.map((l) => l.id), referenceIds('cis-kubernetes-1.12.tsv'));
  assert.equal(cis.leaves.length, 131);
  const mapped = new Set(catalog.controls.flatMap((c) => c.frameworks[cis.id] ?? []));
  // Sections 1-3: the control plane and etcd, judged from their static pods (not-assessed when managed).
  const controlPlane = new Set(cis.leaves.filter((l) => /^[123]\./.test(l.id) && mapped.has(l.id)).map((l) => l.id));
  const automated = cis.leaves.filter((l) => mapped.has(l.id));
  const manual = cis.leaves.filter((l) => !mapped.has(l.id));
  for (const l of manual) assert.ok(l.manual, `CIS ${l.id} has neither a control nor a manual note`);
  console.log(
    `CIS Kubernetes v1.12: ${cis.leaves.length} recommendations: ${automated.length} automated, ${manual.length} manual (attestation), ` +
      `${controlPlane.size} control-plane (automated from the static-pod command lines; not-assessed on a managed control plane)`,
  );
  console.log(`CIS manual: ${manual.map((l) => l.id).join(' ')}`);
});

test('every control mapping names a requirement that exists', () => {
  for (const c of catalog.controls) {
    for (const [fid, reqs] of Object.entries(c.frameworks)) {
      const fw = catalog.framework(fid);
      assert.ok(fw, `${c.id} maps to unknown framework ${fid}`);
      const ids = new Set(fw.leaves.map((l) => l.id));
      for (const r of reqs) assert.ok(ids.has(r), `${c.id} maps to ${fid} ${r}, which does not exist`);
    }
  }
});

test('every requirement has a control or a manual note', () => {
  for (const f of catalog.frameworks) {
    const mapped = new Set(catalog.controls.flatMap((c) => c.frameworks[f.id] ?? []));
    const bare = f.leaves.filter((l) => !mapped.has(l.id) && !l.manual).map((l) => l.id);
    assert.deepEqual(bare, [], `${f.id}: requirements with neither a control nor a manual note`);
  }
});

test('the check registry matches src/checks/, ids equal file names, and every check is used and tested', () => {
  const support = new Set(['types', 'registry', 'pod-helpers']);
  const files = readdirSync(join(PACKAGE_ROOT, 'src', 'checks'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .filter((f) => !support.has(f) && !f.endsWith('-helpers'))
    .sort();
  assert.deepEqual([...checkRegistry.keys()], files, 'registry (in id order) vs files');
  const used = new Set(catalog.controls.map((c) => c.check.id));
  for (const id of files) {
    assert.ok(used.has(id), `check ${id} is used by no control`);
    assert.ok(existsSync(join(PACKAGE_ROOT, 'test', 'checks', `${id}.test.ts`)), `check ${id} has no table test`);
  }
});

test('control files are named <id>-<name>.yaml', () => {
  for (const c of catalog.controls) {
    assert.ok(c.file.endsWith(`${c.id}-${c.name}.yaml`), `${c.file} should be named ${c.id}-${c.name}.yaml`);
  }
});
