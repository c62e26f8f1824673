import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN, hasStackTrace, kubeproof, type CliRun } from '../support/cli.js';

/**
 * An output folder kubeproof may not write to, as a user without the right to. Root ignores
 * permission bits, and CI runs as root: there the CLI is spawned as nobody (65534), with the
 * folder owned by root. As any other user, the folder's own bits are enough.
 */
const ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

function asUnprivileged(args: string[], cwd: string): CliRun {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd,
    env: { ...process.env, KUBEPROOF_REDACTION_KEY: 'test-key', SOURCE_DATE_EPOCH: '1795000000', HOME: cwd },
    encoding: 'utf8',
    timeout: 60_000,
    ...(ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  // A machine that cannot spawn as another user fails here, loudly: this test is not faked.
  assert.equal(r.error, undefined, `could not run the CLI as uid ${NOBODY}: ${String(r.error)}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under dir with the SHA-256 of its bytes (folders as such). */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const full = join(dir, p);
    out[p] = statSync(full).isDirectory() ? 'dir' : createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return out;
}

/** A fresh work folder the unprivileged user can enter and read, with an earlier pack in `ro`. */
function workFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kp-ro-'));
  chmodSync(dir, 0o755); // mkdtemp makes it 0700: nobody could not even enter it
  writeFileSync(join(dir, 'e.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: web}\nspec:\n  containers: [{name: c, image: busybox, securityContext: {privileged: true}}]\n', { mode: 0o644 });
  const earlier = kubeproof(['audit', '--manifests', 'e.yaml', '--format', 'html,pdf', '--out', 'ro', '--quiet'], { cwd: dir });
  assert.equal(earlier.code, 0, earlier.stderr);
  return dir;
}

const unwritable: Array<{ name: string; args: string[]; says: RegExp }> = [
  { name: 'audit --out into the folder of an earlier pack', args: ['audit', '--manifests', 'e.yaml', '--format', 'html,pdf,csv', '--out', 'ro'], says: /^kubeproof: error: output folder ro is not writable: permission denied$/ },
  { name: 'audit --out a new folder inside it', args: ['audit', '--manifests', 'e.yaml', '--out', 'ro/2026-11'], says: /^kubeproof: error: cannot create output folder ro\/2026-11: permission denied$/ },
  { name: 'audit --history into it', args: ['audit', '--manifests', 'e.yaml', '--history', 'ro'], says: /^kubeproof: error: output folder ro is not writable: permission denied$/ },
  { name: 'report --out into it (the PDF is not even rendered)', args: ['report', '--results', 'ro/results.json', '--format', 'pdf,html', '--out', 'ro'], says: /^kubeproof: error: output folder ro is not writable: permission denied$/ },
  { name: 'collect --out a file in it', args: ['collect', '--manifests', 'e.yaml', '--out', 'ro/snapshot.json'], says: /^kubeproof: error: output folder ro is not writable: permission denied$/ },
  { name: 'evaluate --out a file in it', args: ['evaluate', '--snapshot', 'ro/snapshot.json', '--out', 'ro/results.json'], says: /^kubeproof: error: output folder ro is not writable: permission denied$/ },
];

for (const c of unwritable) {
  test(`an output folder that is not writable (${ROOT ? `root-owned 0555, run as uid ${NOBODY}` : 'chmod 0555'}): ${c.name} → exit 2, the folder named, nothing written`, () => {
    const dir = workFolder();
    const before = contents(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    try {
      const r = asUnprivileged(c.args, dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr.trimEnd(), c.says);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, 'one line');
      assert.equal(hasStackTrace(r.stderr), false);
      assert.equal(r.stdout, '');
      assert.deepEqual(contents(join(dir, 'ro')), before, 'the earlier pack is byte for byte as it was, and nothing was added');
    } finally {
      chmodSync(join(dir, 'ro'), 0o755);
    }
    assert.equal(kubeproof(['verify', 'ro', '--quiet'], { cwd: dir }).code, 0, 'the earlier pack still verifies');
  });
}

// A shared reports volume (sticky, world-writable, like /tmp) holding a pack another user wrote:
// the folder is writable, but that user's files cannot be replaced. This used to be "internal
// error: EACCES ... unlink" (exit 70); it is an input error naming the file, and nothing is lost.
test(
  'a sticky shared folder holding an earlier pack of another user: exit 2 naming the file, the earlier pack intact',
  { skip: ROOT ? false : 'needs root, to leave the earlier pack owned by another user than the one running kubeproof' },
  () => {
    const dir = workFolder();
    const before = contents(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o1777);
    try {
      const r = asUnprivileged(['audit', '--manifests', 'e.yaml', '--format', 'html,pdf', '--out', 'ro', '--quiet'], dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^kubeproof: error: cannot replace ro\/manifest\.json of the earlier pack: permission denied\n$/);
      assert.equal(hasStackTrace(r.stderr), false);
      assert.deepEqual(contents(join(dir, 'ro')), before, 'no temporary file, no half pack, the earlier one untouched');
    } finally {
      chmodSync(join(dir, 'ro'), 0o755);
    }
    assert.equal(kubeproof(['verify', 'ro', '--quiet'], { cwd: dir }).code, 0, 'the earlier pack still verifies');
  },
);
