import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { REPORT_FILES } from '../../src/report/index.js';
import { kubeproof } from '../support/cli.js';
import { REPORT_FIXTURES, tmp } from '../support/report.js';

const ALL = 'json,html,pdf,csv,junit,sarif,md,oscal';

test('audit --format (every format) --paper letter writes the pack; results.json as always', () => {
  const dir = tmp();
  const r = kubeproof(['audit', '--manifests', join(REPORT_FIXTURES, 'estate'), '--waivers', join(REPORT_FIXTURES, 'waivers.yaml'), '--format', ALL, '--paper', 'letter', '--out', dir, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  for (const name of ['results.json', 'snapshot.json', ...Object.values(REPORT_FILES)]) assert.ok(existsSync(join(dir, name)), name);
  assert.match(readFileSync(join(dir, 'report.pdf')).toString('latin1'), /\/MediaBox \[0 0 612 792\]/);
  const digest = `sha256:${createHash('sha256').update(readFileSync(join(dir, 'results.json'))).digest('hex')}`;
  assert.ok(readFileSync(join(dir, 'report.html'), 'utf8').includes(digest), 'the HTML names the digest of the results it shows');
});

test('report renders a results file; formats that write files need --out; --paper is checked', () => {
  const dir = tmp();
  assert.equal(kubeproof(['audit', '--manifests', join(REPORT_FIXTURES, 'estate'), '--out', dir, '--quiet']).code, 0);
  const results = join(dir, 'results.json');
  const noOut = kubeproof(['report', '--results', results, '--format', 'pdf']);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /--format pdf writes files: give --out DIR/);
  const badPaper = kubeproof(['report', '--results', results, '--format', 'pdf', '--paper', 'a3', '--out', dir]);
  assert.equal(badPaper.code, 2);
  assert.match(badPaper.stderr, /--paper/);
  const out = join(dir, 'pack');
  const ok = kubeproof(['report', '--results', results, '--format', 'html,sarif,md', '--out', out, '--quiet']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(['report.html', 'results.sarif', 'summary.md'].map((f) => existsSync(join(out, f))), [true, true, true]);
  assert.equal(existsSync(join(out, 'report.pdf')), false);
  // Rendering the same results again gives the same bytes.
  const again = join(dir, 'again');
  const second = kubeproof(['report', '--results', results, '--format', 'html,sarif,md', '--out', again, '--quiet']);
  assert.equal(second.code, 0, second.stderr);
  for (const f of ['report.html', 'results.sarif', 'summary.md']) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(again, f))), f);
});

test('the bundled sample estate renders in every format', (t) => {
  const estate = join(PACKAGE_ROOT, 'samples', 'estate');
  if (!existsSync(estate)) return t.skip('samples/estate is not in this checkout');
  const dir = tmp();
  const r = kubeproof(['audit', '--manifests', estate, '--format', ALL, '--out', dir, '--quiet']);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  for (const name of Object.values(REPORT_FILES)) assert.ok(readFileSync(join(dir, name)).length > 100, name);
});
