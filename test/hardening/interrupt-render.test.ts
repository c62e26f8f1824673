import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { MAIN, kubeproof } from '../support/cli.js';

/**
 * SIGINT and SIGTERM while the PDF is being laid out. The test does not guess when that is: with
 * --log-format json kubeproof announces `{"event":"render","file":"report.pdf"}` on stderr when it
 * starts the PDF and `{"event":"rendered"}` when it is done, and the signal is sent on the first.
 * The sample estate takes over a second to lay out, so the signal lands inside the render; if it
 * ever did not (the `rendered` event came first), the test fails rather than passing by luck.
 */
const ESTATE = join(PACKAGE_ROOT, 'samples', 'estate');

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  events: Array<{ event?: string; file?: string }>;
}

function interruptWhenRendering(cwd: string, args: string[], signal: NodeJS.Signals): Promise<Interrupted> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args, '--log-format', 'json'], {
      cwd,
      env: { ...process.env, KUBEPROOF_REDACTION_KEY: 'test-key', SOURCE_DATE_EPOCH: '1795000000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      if (!sent && /"event":"render"/.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      const events = stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { event?: string; file?: string });
      resolve({ code, signal: sig, stderr, events });
    });
  });
}

/** Every path under dir with the SHA-256 of its bytes: any change, addition or leftover shows. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const full = join(dir, p);
    out[p] = statSync(full).isDirectory() ? 'dir' : createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return out;
}

let work: string;
before(() => {
  // results.json of the sample estate (large enough to take seconds as a PDF), and a small estate
  // whose earlier reports differ from anything the interrupted run would write.
  work = mkdtempSync(join(tmpdir(), 'kp-int-render-'));
  const r = kubeproof(['audit', '--manifests', ESTATE, '--out', 'big', '--quiet'], { cwd: work });
  assert.equal(r.code, 0, r.stderr);
  writeFileSync(join(work, 'small.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: web}\nspec:\n  containers: [{name: c, image: busybox}]\n');
});

function earlier(kind: 'report' | 'pack'): string {
  const dir = mkdtempSync(join(work, `${kind}-`));
  const r =
    kind === 'report'
      ? kubeproof(['audit', '--manifests', join(work, 'small.yaml'), '--format', 'json,pdf,html', '--out', join(dir, 'out'), '--quiet'], { cwd: dir })
      : kubeproof(['audit', '--manifests', join(work, 'small.yaml'), '--format', 'pdf,html', '--out', join(dir, 'pack'), '--quiet'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${signal} while report renders the PDF: exit ${code}, the earlier report in the folder intact, no temporary or partial file`, async () => {
    const dir = earlier('report');
    const out = join(dir, 'out');
    const before = contents(out);
    assert.ok(before['report.pdf'] && before['report.html'] && before['results.json']);
    const r = await interruptWhenRendering(dir, ['report', '--results', join(work, 'big', 'results.json'), '--format', 'json,pdf,html,csv', '--out', out], signal);
    assert.deepEqual(r.events.map((e) => e.event), ['render'], `the signal landed inside the render, not after it: ${r.stderr}`);
    assert.equal(r.signal, null, 'kubeproof handled the signal itself');
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, new RegExp(`^kubeproof: interrupted by ${signal}; nothing partial was left behind$`, 'm'));
    assert.deepEqual(contents(out), before, 'results.json, report.pdf and report.html as they were; nothing added');
    assert.deepEqual(readdirSync(dir), ['out'], 'nothing beside the folder either');
  });

  test(`${signal} while audit renders the PDF: exit ${code}, the earlier pack intact and still verifying`, async () => {
    const dir = earlier('pack');
    const pack = join(dir, 'pack');
    const before = contents(pack);
    const r = await interruptWhenRendering(dir, ['audit', '--manifests', ESTATE, '--format', 'pdf,html,csv', '--out', pack], signal);
    assert.deepEqual(r.events.filter((e) => e.event === 'render' || e.event === 'rendered').map((e) => e.event), ['render'], r.stderr);
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, new RegExp(`^kubeproof: interrupted by ${signal}; nothing partial was left behind$`, 'm'));
    assert.deepEqual(contents(pack), before, 'snapshot, results, reports and manifest as they were');
    assert.deepEqual(readdirSync(dir), ['pack']);
    assert.equal(kubeproof(['verify', pack, '--quiet']).code, 0, 'the earlier pack still verifies');
  });
}

test('rendering a PDF is announced on stderr: render and rendered (JSON lines), or a line of text; nothing with --quiet', () => {
  const dir = mkdtempSync(join(work, 'progress-'));
  const results = join(work, 'big', 'results.json');
  const json = kubeproof(['report', '--results', results, '--format', 'pdf,html', '--out', 'out', '--log-format', 'json'], { cwd: dir });
  assert.equal(json.code, 0, json.stderr);
  const events = json.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(events.map((e) => [e.event, e.file, e.format, e.level]), [['render', 'report.pdf', 'pdf', 'info'], ['rendered', 'report.pdf', 'pdf', 'info']]);
  assert.equal(events[1]!.bytes, statSync(join(dir, 'out', 'report.pdf')).size);
  assert.equal(typeof events[1]!.ms, 'number');

  const text = kubeproof(['report', '--results', results, '--format', 'pdf', '--out', 'out2'], { cwd: dir });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stderr, /^kubeproof: rendering report\.pdf\nkubeproof: rendered report\.pdf \(\d+\.\d MB in \d+\.\ds\)\n$/);

  const quiet = kubeproof(['report', '--results', results, '--format', 'pdf', '--out', 'out3', '--quiet'], { cwd: dir });
  assert.equal(quiet.stderr, '');
});
