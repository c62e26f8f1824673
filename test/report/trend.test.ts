import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubeproof } from '../support/cli.js';
import { tmp } from '../support/report.js';
import { requireTool } from '../support/tools.js';
import { buildTrendView, type TrendPoint } from '../../src/report/trend.js';

test('audit --history: the third run of a cluster has a Trend section over the three runs (HTML and PDF); results.json gains nothing', async (t) => {
  const dir = tmp('kp-trend-');
  const runs: Array<[string, string]> = [
    ['samples/estate', '1790000000'],
    ['samples/estate', '1792600000'],
    ['samples/estate-month-later', '1795200000'],
  ];
  for (const [manifests, epoch] of runs) {
    const r = kubeproof(['audit', '--cluster-name', 'larkspur-prod', '--manifests', manifests, '--history', join(dir, 'h'), '--format', 'html,pdf', '--quiet', '--fail-on', 'none'], { env: { SOURCE_DATE_EPOCH: epoch } });
    assert.equal(r.code, 0, r.stderr);
  }
  const cluster = join(dir, 'h', 'larkspur-prod');
  const packs = readdirSync(cluster).sort().map((p) => join(cluster, p));
  assert.equal(packs.length, 3);
  const html = packs.map((p) => readFileSync(join(p, 'report.html'), 'utf8'));
  assert.ok(!html[0]!.includes('id="trend"'), 'the first run has nothing to compare with');
  assert.ok(html[1]!.includes('The last 2 runs of this cluster'));
  const last = html[2]!;
  const section = last.slice(last.indexOf('<section id="trend"'), last.indexOf('</section>', last.indexOf('<section id="trend"')));
  assert.ok(section.includes('The last 3 runs of this cluster'));
  assert.equal((section.match(/<polyline /g) ?? []).length, 3, 'one score line per framework');
  assert.match(section, /CIS Kubernetes Benchmark: 46\.7% → <strong>47\.8%<\/strong>/);
  assert.equal((section.match(/<g><title>/g) ?? []).length, 3, 'one stacked bar per run');
  assert.ok(section.includes('2026-09-21') && section.includes('2026-11-20'));
  assert.doesNotMatch(section, /<img|<script/);
  assert.match(last, /<a href="#trend"[^>]*>[^<]*(<[^>]+>[^<]*)*Trend/, 'the contents link to the Trend');
  assert.doesNotMatch(html[0]!, /href="#trend"/);

  // results.json is the same as without history: no trend in it.
  const results = JSON.parse(readFileSync(join(packs[2]!, 'results.json'), 'utf8')) as Record<string, unknown>;
  assert.ok(!('trend' in results));
  assert.ok(!readFileSync(join(packs[2]!, 'results.json'), 'utf8').includes('2026-09-21'), 'nothing of the earlier runs in results.json');

  const skip = requireTool('/usr/bin/pdftotext', 'poppler-utils');
  if (skip) return t.skip(skip);
  const text = spawnSync('pdftotext', ['-layout', join(packs[2]!, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
  assert.match(text, /^Trend$/m);
  assert.match(text, /^\s*1\.1\s+Trend\b.*\s\d+\s*$/m, 'the Trend is in the contents with its page');
  assert.match(text, /The last 3 runs of this cluster in the history folder/);
  assert.match(text, /Score per framework/);
  assert.match(text, /Failing evidence by severity/);
  assert.match(text, /CIS Kubernetes Benchmark: 46\.7% → 47\.8%/);
  assert.match(text, /2026-11-20\s+47\.8%/);
  const first = spawnSync('pdftotext', ['-layout', join(packs[0]!, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
  assert.doesNotMatch(first, /^Trend$/m);
});

test('trend view: lines skip runs without a score; bars stack by severity on a round scale', () => {
  const p = (at: string, score: number | null, high: number): TrendPoint => ({ collectedAt: at, scores: [{ framework: 'f', title: 'F', score }], findings: { critical: 1, high, medium: 0, low: 0, info: 0 } });
  assert.equal(buildTrendView([p('2026-01-01T00:00:00Z', 50, 1)]), undefined, 'one run is no trend');
  const v = buildTrendView([p('2026-01-01T00:00:00Z', 50, 3), p('2026-02-01T00:00:00Z', null, 8), p('2026-03-01T00:00:00Z', 100, 19)])!;
  assert.equal(v.scores[0]!.dots.length, 2);
  assert.equal(v.scores[0]!.lastText, '100.0%');
  assert.equal(v.severityMax, 20);
  assert.deepEqual(v.bars[2]!.pieces.map((x) => x.severity), ['high', 'critical']);
  assert.deepEqual(v.table.map((r) => r.total), ['4', '9', '20']);
});
