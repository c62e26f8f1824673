import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { kubeproof } from '../support/cli.js';
import { XSS_NAME } from '../support/report.js';
import { safeHref } from '../../src/rollup/render.js';

const STAGING = `staging ${XSS_NAME}`;

test('rollup: two clusters from a history folder, side by side, worst requirements, relative links to each report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-rollup-'));
  const audit = (name: string, manifests: string, epoch: string) =>
    kubeproof(['audit', '--cluster-name', name, '--manifests', manifests, '--history', 'audits', '--format', 'html', '--quiet', '--fail-on', 'none'], { cwd: dir, env: { SOURCE_DATE_EPOCH: epoch } });
  const abs = (p: string) => resolve(process.cwd(), p);
  assert.equal(audit('larkspur-prod', abs('samples/estate'), '1795000000').code, 0);
  const r2 = audit(STAGING, abs('samples/estate-month-later'), '1795000100');
  assert.equal(r2.code, 0, r2.stderr);

  const json = kubeproof(['rollup', '--history', 'audits', '--format', 'json', '--out', 'audits/fleet.json'], { cwd: dir });
  assert.equal(json.code, 0, json.stderr);
  const r = JSON.parse(readFileSync(join(dir, 'audits', 'fleet.json'), 'utf8'));
  assert.equal(r.schemaVersion, 'kubeproof.io/rollup/v1');
  assert.deepEqual(r.clusters.map((c: { cluster: string }) => c.cluster), ['larkspur-prod', STAGING]);
  const cis = (c: { scores: Array<{ framework: string; score: number }> }) => c.scores.find((s) => s.framework === 'cis-kubernetes-1.12')!.score;
  assert.deepEqual(r.clusters.map(cis), [46.7, 47.8]);
  assert.ok(r.worst.length > 0);
  assert.deepEqual(r.worst[0].failing, ['larkspur-prod', STAGING], 'the worst requirements fail in both clusters');
  for (let i = 1; i < r.worst.length; i++) assert.ok(r.worst[i - 1].failing.length >= r.worst[i].failing.length, 'most clusters first');

  const html = kubeproof(['rollup', '--history', 'audits', '--format', 'html', '--out', 'audits/fleet.html'], { cwd: dir });
  assert.equal(html.code, 0, html.stderr);
  const page = readFileSync(join(dir, 'audits', 'fleet.html'), 'utf8');
  const hrefs = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(hrefs.length, 2);
  for (const h of hrefs) {
    assert.match(h, /^\.\/[^/]+\/[0-9T-]+Z\/report\.html$/, 'relative to the rollup file');
    assert.ok(existsSync(join(dir, 'audits', decodeURIComponent(h))), `${h} points at the pack's report`);
  }
  assert.match(page, /Fleet compliance rollup/);
  assert.match(page, /<td class="r">46\.7%<\/td>/);
  assert.match(page, /2 of 2/);
  assert.doesNotMatch(page, /<img|<script/);
  assert.ok(page.includes('staging &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'));

  // Packs named one by one, Markdown on stdout: links relative to the current folder.
  const packs = readdirSync(join(dir, 'audits')).filter((c) => !c.startsWith('fleet')).sort().map((c) => {
    const runs = readdirSync(join(dir, 'audits', c)).sort();
    return join('audits', c, runs[runs.length - 1]!);
  });
  const md = kubeproof(['rollup', ...packs], { cwd: dir });
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /\| larkspur-prod \| .* \| 46\.7% \|/);
  assert.match(md.stdout, /\[report\.html\]\(<\.\/audits\/larkspur-prod\/[0-9T-]+Z\/report\.html>\)/);
  assert.match(md.stdout, /Requirements failing in the most clusters/);
  assert.ok(!md.stdout.includes('<img'), 'cluster text is escaped in Markdown');
  assert.ok(existsSync(join(dir, dirname(packs[0]!))));

  const bad = kubeproof(['rollup', '--history', 'audits', '--format', 'html'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format html needs --out FILE/);
});

test('rollup links: percent-encoded and never read as a scheme', () => {
  assert.equal(safeHref('javascript:alert(1)/report.html'), './javascript%3Aalert(1)/report.html');
  assert.equal(safeHref('../prod/x y/report.html'), '../prod/x%20y/report.html');
});
