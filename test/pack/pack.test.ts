import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeproof } from '../support/cli.js';

const estate = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: shell, namespace: shop}
spec:
  containers: [{name: sh, image: busybox, securityContext: {privileged: true}}]
`;

const waivers = `waivers:
  - id: W-1
    control: KP-PS-001
    match: {namespace: shop}
    justification: break-glass shell reviewed in CHG-7
    approver: ciso@example.com
    expires: 2030-01-01
`;

function setup(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kp-pack-'));
  writeFileSync(join(dir, 'estate.yaml'), estate);
  writeFileSync(join(dir, 'waivers.yaml'), waivers);
  assert.equal(kubeproof(['keygen', '--out', 'k'], { cwd: dir }).code, 0);
  assert.equal((statSync(join(dir, 'k.key')).mode & 0o777).toString(8), '600', 'the private key is readable by its owner only');
  const r = kubeproof(['audit', '--manifests', 'estate.yaml', '--waivers', 'waivers.yaml', '--out', 'pack', '--sign-key', 'k.key', '--archive', '--quiet'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

test('a signed pack verifies, and re-evaluating its snapshot reproduces results.json byte for byte', () => {
  const dir = setup();
  const manifest = JSON.parse(readFileSync(join(dir, 'pack', 'manifest.json'), 'utf8'));
  assert.deepEqual(manifest.files.map((f: { path: string }) => f.path), ['inputs/run.json', 'inputs/waivers.yaml', 'results.json', 'snapshot.json']);
  assert.equal(manifest.cluster.name, 'estate.yaml');
  assert.match(manifest.catalog.digest, /^sha256:/);
  const r = kubeproof(['verify', 'pack', '--public-key', 'k.pub', '--reevaluate'], { cwd: dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /signature verified/);
  assert.match(r.stdout, /reproduces it byte for byte/);
  assert.match(r.stdout, /^verified$/m);
  assert.ok(existsSync(join(dir, 'pack.tar.gz')));
});

const tampering: Array<[string, (pack: string) => void, RegExp]> = [
  ['results.json changed', (p) => appendFileSync(join(p, 'results.json'), ' '), /BAD +results\.json: CHANGED/],
  ['snapshot.json changed', (p) => writeFileSync(join(p, 'snapshot.json'), readFileSync(join(p, 'snapshot.json'), 'utf8').replace('busybox', 'busyb0x')), /BAD +snapshot\.json: CHANGED/],
  ['an input removed', (p) => unlinkSync(join(p, 'inputs', 'waivers.yaml')), /BAD +inputs\/waivers\.yaml: MISSING/],
  ['a file added', (p) => writeFileSync(join(p, 'report.html'), '<p>trust me</p>'), /BAD +report\.html: EXTRA/],
  [
    'manifest.json edited to match a changed results.json',
    (p) => {
      appendFileSync(join(p, 'results.json'), ' ');
      const m = JSON.parse(readFileSync(join(p, 'manifest.json'), 'utf8'));
      const { createHash } = require_crypto();
      const data = readFileSync(join(p, 'results.json'));
      const f = m.files.find((x: { path: string }) => x.path === 'results.json');
      f.sha256 = createHash('sha256').update(data).digest('hex');
      f.size = data.length;
      writeFileSync(join(p, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
    },
    /BAD +manifest\.json\.sig: BAD SIGNATURE: manifest\.json is not the one that was signed/,
  ],
  [
    'signature altered',
    (p) => {
      const env = JSON.parse(readFileSync(join(p, 'manifest.json.sig'), 'utf8'));
      const sig = Buffer.from(env.signatures[0].sig, 'base64');
      sig[0] = sig[0]! ^ 0xff;
      env.signatures[0].sig = sig.toString('base64');
      writeFileSync(join(p, 'manifest.json.sig'), JSON.stringify(env));
    },
    /BAD SIGNATURE: the signature does not verify/,
  ],
  ['signature removed', (p) => unlinkSync(join(p, 'manifest.json.sig')), /UNSIGNED/],
];

import { createRequire } from 'node:module';
const require_crypto = () => createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');

for (const [name, tamper, says] of tampering) {
  test(`verify fails, naming the file, when ${name}`, () => {
    const dir = setup();
    tamper(join(dir, 'pack'));
    const r = kubeproof(['verify', 'pack', '--public-key', 'k.pub'], { cwd: dir });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, says);
    assert.match(r.stdout, /^NOT VERIFIED$/m);
  });
}

test('verify: another key is refused; a folder without a manifest is not a pack (exit 2)', () => {
  const dir = setup();
  assert.equal(kubeproof(['keygen', '--out', 'other'], { cwd: dir }).code, 0);
  const r = kubeproof(['verify', 'pack', '--public-key', 'other.pub'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /no signature by the given key/);
  unlinkSync(join(dir, 'pack', 'manifest.json'));
  const incomplete = kubeproof(['verify', 'pack'], { cwd: dir });
  assert.equal(incomplete.code, 2);
  assert.match(incomplete.stderr, /not a complete evidence pack/);
});

test('re-running audit into the same folder replaces the pack cleanly (no stale files)', () => {
  const dir = setup();
  const r = kubeproof(['audit', '--manifests', 'estate.yaml', '--out', 'pack', '--quiet'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(existsSync(join(dir, 'pack', 'inputs', 'waivers.yaml')), false);
  assert.equal(existsSync(join(dir, 'pack', 'manifest.json.sig')), false);
  assert.equal(kubeproof(['verify', 'pack'], { cwd: dir }).code, 0);
});

test('history: dated run folders, --keep prunes the oldest, two runs at the same time get two folders', () => {
  const dir = setup();
  const at = (epoch: string) => kubeproof(['audit', '--manifests', 'estate.yaml', '--history', 'h', '--keep', '2', '--quiet', '--cluster-name', 'prod/eu 1'], { cwd: dir, env: { SOURCE_DATE_EPOCH: epoch } });
  for (const e of ['1790000000', '1791000000', '1791000000', '1792000000']) assert.equal(at(e).code, 0);
  const runs = kubeproof(['diff', '--history', 'h', '--format', 'json'], { cwd: dir });
  assert.equal(runs.code, 0, runs.stderr);
  const d = JSON.parse(runs.stdout);
  const stampOf = (epoch: number) => new Date(epoch * 1000).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  assert.equal(d.old.source, join('h', 'prod_eu_1', `${stampOf(1791000000)}-2`), 'the second run at the same second got its own folder');
  assert.equal(d.new.source, join('h', 'prod_eu_1', stampOf(1792000000)));
  const kept = readdirSync(join(dir, 'h', 'prod_eu_1')).sort();
  assert.deepEqual(kept, [`${stampOf(1791000000)}-2`, stampOf(1792000000)], '--keep 2 pruned the two oldest');
  rmSync(join(dir, 'h'), { recursive: true });
});
