import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN, kubeproof } from '../support/cli.js';

function interruptWhileWaitingForStdin(cwd: string, args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', () => undefined);
    child.stdin.write('apiVersion: v1\nkind: Namespace\n');
    // The CLI is up and waiting for the rest of the pipe once it has had time to start.
    setTimeout(() => child.kill(signal), 1500);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${signal} while collecting: distinct exit code ${code}, earlier pack intact, nothing partial`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-int-'));
    writeFileSync(join(dir, 'e.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    assert.equal(kubeproof(['audit', '--manifests', 'e.yaml', '--out', 'pack', '--quiet'], { cwd: dir }).code, 0);
    const before = readdirSync(join(dir, 'pack')).sort();
    const r = await interruptWhileWaitingForStdin(dir, ['audit', '--manifests', '-', '--out', 'pack'], signal);
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, new RegExp(`interrupted by ${signal}`));
    assert.deepEqual(readdirSync(join(dir, 'pack')).sort(), before);
    assert.equal(kubeproof(['verify', 'pack'], { cwd: dir }).code, 0, 'the earlier pack still verifies');
    assert.equal(existsSync(join(dir, 'h')), false);
  });
}
