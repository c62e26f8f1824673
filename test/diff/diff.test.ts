import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeproof } from '../support/cli.js';
import { diffRuns } from '../../src/diff/diff.js';
import { diffMarkdown } from '../../src/diff/markdown.js';
import { evaluate } from '../../src/evaluate/engine.js';
import { buildCatalog } from '../../src/catalog/load.js';
import { snapshotOf } from '../support/harness.js';
import { testCatalog, control, framework } from '../support/catalog.js';
import privileged from '../../src/checks/privileged-containers.js';

const pod = (name: string, privilegedValue: boolean, uid: string, image = 'busybox:1.36') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: web, uid: ${uid}}
spec:
  containers: [{name: c, image: "${image}", securityContext: {privileged: ${privilegedValue}}}]
`;

const before = pod('a', true, '00000000-0000-4000-8000-00000000000a') + pod('b', true, '00000000-0000-4000-8000-00000000000b') + pod('gone', false, '00000000-0000-4000-8000-00000000000c');
const after = pod('a', true, '00000000-0000-4000-8000-0000000000aa') + pod('b', false, '00000000-0000-4000-8000-00000000000b') + pod('c', true, '00000000-0000-4000-8000-00000000000d', 'evil.example.com/miner:latest');

function sides(catalog = testCatalog()) {
  const s1 = snapshotOf(before);
  const s2 = snapshotOf(after);
  return { old: { label: 'old', results: evaluate(s1, catalog), snapshot: s1 }, now: { label: 'new', results: evaluate(s2, catalog), snapshot: s2 }, catalog };
}

test('diff: new, resolved and persisting failures, matched without uids; objects and images', () => {
  const { old, now, catalog } = sides();
  const d = diffRuns(old, now, catalog);
  assert.deepEqual(d.findings.new.map((f) => f.object.name), ['c']);
  assert.deepEqual(d.findings.resolved.map((f) => f.object.name), ['b']);
  assert.deepEqual(d.findings.persisting.map((f) => f.object.name), ['a'], 'pod a was re-created with a new uid: still the same finding');
  assert.deepEqual(d.objects, { basis: 'snapshots', added: ['Pod web/c'], removed: ['Pod web/gone'] });
  assert.deepEqual(d.images, { basis: 'snapshots', added: ['evil.example.com/miner:latest'], removed: [] });
  assert.equal(d.regression, true);
  assert.equal(d.catalogChanged, false);
});

test('diff: requirement status changes say which got worse; scores move', () => {
  const { old, now, catalog } = sides();
  const fixed = evaluate(snapshotOf(pod('a', false, '00000000-0000-4000-8000-00000000000a')), catalog);
  const d = diffRuns(now, { label: 'fixed', results: fixed }, catalog);
  assert.deepEqual(d.requirements.filter((r) => r.framework === 'all').map((r) => [r.id, r.old, r.new, r.worse]), [['A1', 'fail', 'pass', false]]);
  assert.equal(d.regression, false);
  assert.deepEqual(d.scores.find((s) => s.framework === 'all'), { framework: 'all', old: 0, new: 100, delta: 100 });
  assert.equal(d.images.basis, 'none');
  assert.ok(d.notes.some((n) => /evidence only/.test(n)));
  void old;
});

test('diff: a renamed control (alias) is not reported as new + resolved', () => {
  const { old } = sides();
  const renamed = control('T-PRIV-2', privileged, { all: ['A1'] }, 'critical');
  renamed.aliases = ['T-PRIV-1'];
  const newCatalog = buildCatalog([renamed], [framework('all', 'all', [{ id: 'A1' }])]);
  const now = { label: 'new', results: evaluate(snapshotOf(before), newCatalog) };
  const d = diffRuns(old, now, newCatalog);
  assert.equal(d.findings.new.length, 0);
  assert.equal(d.findings.resolved.length, 0);
  assert.equal(d.findings.persisting.length, 2);
  assert.equal(d.catalogChanged, true);
  assert.ok(d.notes.some((n) => /different control catalogues/.test(n)));
});

test('diff markdown escapes what comes from the cluster', () => {
  const hostile = pod('x', true, '00000000-0000-4000-8000-0000000000ff').replace('name: x', 'name: "x|<img src=x onerror=alert(1)>*[link](http://e)"');
  const { old, catalog } = sides();
  const d = diffRuns(old, { label: 'n', results: evaluate(snapshotOf(hostile), catalog) }, catalog);
  const md = diffMarkdown(d);
  assert.ok(!md.includes('<img'), md);
  assert.ok(md.includes('x\\|&lt;img src=x onerror=alert(1)&gt;\\*\\[link\\](http://e)'));
});

test('kubeproof diff CLI: md to stdout, --fail-on-regression exit 1, bad format exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-diff-'));
  writeFileSync(join(dir, 'before.yaml'), before);
  writeFileSync(join(dir, 'after.yaml'), after);
  assert.equal(kubeproof(['audit', '--manifests', 'before.yaml', '--cluster-name', 'demo', '--out', 'old', '--quiet'], { cwd: dir }).code, 0);
  assert.equal(kubeproof(['audit', '--manifests', 'after.yaml', '--cluster-name', 'demo', '--out', 'new', '--quiet'], { cwd: dir }).code, 0);
  const md = kubeproof(['diff', 'old', 'new'], { cwd: dir });
  assert.equal(md.code, 0, md.stderr);
  const [, newSection, resolvedSection] = md.stdout.split(/### New failures|### Resolved/);
  assert.match(newSection!, /\| critical \| `KP-PS-001` \| Pod web\/c \(container c\) \| `\/spec\/containers\/0\/securityContext\/privileged` \|/);
  assert.match(resolvedSection!, /\| critical \| `KP-PS-001` \| Pod web\/b \(container c\)/);
  assert.doesNotMatch(md.stdout, /KP-PS-001` \| Pod web\/a/, 'a still fails: persisting, not new');
  assert.doesNotMatch(md.stdout, /different clusters/);
  assert.match(md.stdout, /evil\.example\.com\/miner:latest/);
  assert.equal(kubeproof(['diff', 'old', 'new', '--fail-on-regression'], { cwd: dir }).code, 1);
  assert.equal(kubeproof(['diff', 'new', 'old', '--fail-on-regression', '--fail-on', 'critical'], { cwd: dir }).code, 1, 'going back brings b back: a new critical failure');
  assert.equal(kubeproof(['diff', 'old', 'old', '--fail-on-regression'], { cwd: dir }).code, 0, 'no change, no regression');
  assert.equal(kubeproof(['diff', 'old/results.json', 'new/results.json', '--format', 'json', '--out', 'd.json'], { cwd: dir }).code, 0);
  const bad = kubeproof(['diff', 'old', 'new', '--format', 'docx'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown --format docx/);
});

test('diff: RBAC subjects that gained permissions, from the sample estate a month later', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-diff-'));
  const root = PACKAGE_ROOT;
  for (const [estate, out] of [['estate', 'old'], ['estate-month-later', 'new']] as const) {
    const r = kubeproof(['audit', '--manifests', join(root, 'samples', estate), '--cluster-name', 'larkspur-prod', '--out', out, '--quiet'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  }
  const r = kubeproof(['diff', 'old', 'new', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  const frontend = d.rbac.find((x: { subject: string }) => x.subject === 'ServiceAccount web/frontend');
  assert.ok(frontend, JSON.stringify(d.rbac));
  assert.ok(frontend.gained.includes('* */*: *'), 'cluster-admin: every verb on every resource, cluster-wide');
  const results = JSON.parse(readFileSync(join(dir, 'new', 'results.json'), 'utf8'));
  assert.ok(results.inventories.rbac.subjects.some((s: { kind: string; name: string }) => s.kind === 'Group' && s.name === 'ops-team'));
  const md = kubeproof(['diff', 'old', 'new'], { cwd: dir }).stdout;
  assert.match(md, /### RBAC subjects that gained permissions\n\n- ServiceAccount web\/frontend: `\* \*\/\*: \*`/);
});
