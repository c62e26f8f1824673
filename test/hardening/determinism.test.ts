import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { kubeproof } from '../support/cli.js';

const SAMPLES = join(PACKAGE_ROOT, 'samples');

test('TZ and locale change no byte of the snapshot, the results, the HTML and PDF reports or the pack manifest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-det-'));
  const run = (out: string, env: NodeJS.ProcessEnv) => {
    const r = kubeproof(['audit', '--manifests', join(SAMPLES, 'estate'), '--cluster-name', 'larkspur-prod', '--waivers', join(SAMPLES, 'waivers.yaml'), '--format', 'html,pdf,csv,md', '--out', out, '--quiet'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
  };
  run('a', { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' });
  run('b', { TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
  for (const f of ['snapshot.json', 'results.json', 'report.html', 'report.pdf', 'findings.csv', 'summary.md', 'manifest.json']) {
    assert.ok(readFileSync(join(dir, 'b', f)).equals(readFileSync(join(dir, 'a', f))), `${f} differs`);
  }
});

test('the order objects arrive in changes no byte of the results (shuffled snapshot, re-sealed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-det-'));
  assert.equal(kubeproof(['collect', '--manifests', join(SAMPLES, 'estate'), '--out', 's.json'], { cwd: dir }).code, 0);
  const snap = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
  // A deterministic shuffle: the order an API server might return.
  const objects = snap.objects.map((o: unknown, i: number) => [((i * 7919) % 104729) / 104729, o] as const).sort((x: readonly [number, unknown], y: readonly [number, unknown]) => x[0] - y[0]).map((x: readonly [number, unknown]) => x[1]);
  assert.notDeepEqual(objects, snap.objects);
  writeFileSync(join(dir, 'shuffled.json'), JSON.stringify({ ...snap, objects, coverage: [...snap.coverage].reverse() }));
  assert.equal(kubeproof(['evaluate', '--snapshot', 's.json', '--out', 'r1.json', '--quiet'], { cwd: dir }).code, 0);
  const shuffled = kubeproof(['evaluate', '--snapshot', 'shuffled.json', '--out', 'r2.json', '--quiet'], { cwd: dir });
  assert.equal(shuffled.code, 0, 'the digest is over the canonical (sorted) form: a reordered snapshot still verifies');
  assert.equal(readFileSync(join(dir, 'r2.json'), 'utf8'), readFileSync(join(dir, 'r1.json'), 'utf8'));
});

test('two runs writing to one history folder at once get a folder each and both packs verify', async () => {
  const { spawn } = await import('node:child_process');
  const { readdirSync } = await import('node:fs');
  const { MAIN } = await import('../support/cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'kp-det-'));
  const env = { ...process.env, SOURCE_DATE_EPOCH: '1795000000', KUBEPROOF_REDACTION_KEY: 'k' };
  const runOne = () =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [MAIN, 'audit', '--manifests', join(SAMPLES, 'estate'), '--cluster-name', 'c', '--history', 'h', '--quiet'], { cwd: dir, env, stdio: 'ignore' });
      child.on('exit', resolve);
    });
  assert.deepEqual(await Promise.all([runOne(), runOne()]), [0, 0]);
  const runs = readdirSync(join(dir, 'h', 'c')).sort();
  assert.equal(runs.length, 2, runs.join(', '));
  for (const run of runs) assert.equal(kubeproof(['verify', join('h', 'c', run)], { cwd: dir }).code, 0);
});
