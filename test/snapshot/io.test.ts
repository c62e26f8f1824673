import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { readSnapshot, writeSnapshot, snapshotDigest } from '../../src/snapshot/io.js';
import { canonicalJson, sha256 } from '../../src/util/canonical.js';
import { snapshotOf } from '../support/harness.js';

const yaml = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {x: "é ✓ 名前"}}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s, namespace: a}\n';

function tmpFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'kp-snap-')), 'snapshot.json');
}

test('write then read gives the same snapshot; the digest is the sha256 of the canonical JSON', () => {
  const snap = snapshotOf(yaml);
  const { digest, ...body } = snap;
  assert.equal(digest, sha256(canonicalJson(body)));
  assert.equal(snapshotDigest(snap), digest);
  const file = tmpFile();
  writeSnapshot(file, snap);
  assert.deepEqual(readSnapshot(file), snap);
});

function expectInputError(file: string, says: RegExp): void {
  assert.throws(() => readSnapshot(file), (err: unknown) => err instanceof InputError && err.message.startsWith(file) && says.test(err.message));
}

test('bad snapshots: truncated, wrong version, future version, wrong shape, tampered', () => {
  const file = tmpFile();
  writeSnapshot(file, snapshotOf(yaml));
  const good = readFileSync(file, 'utf8');

  writeFileSync(file, good.slice(0, good.length / 2));
  expectInputError(file, /JSON does not parse/);

  writeFileSync(file, good.replace('kubeproof.io/snapshot/v1', 'kubeproof.io/snapshot/v9'));
  expectInputError(file, /schemaVersion "kubeproof.io\/snapshot\/v9" is not one this build reads \(it reads kubeproof.io\/snapshot\/v1\)/);

  writeFileSync(file, '{"hello": "world"}');
  expectInputError(file, /schemaVersion null/);

  const wrongShape = JSON.parse(good);
  wrongShape.objects = 'none';
  writeFileSync(file, JSON.stringify(wrongShape));
  expectInputError(file, /objects: .*expected array/i);

  writeFileSync(file, good.replace('"name":"s"', '"name":"t"'));
  expectInputError(file, /digest does not match/);

  assert.throws(() => readSnapshot(join(tmpdir(), 'no-such-kp-file.json')), /cannot read snapshot: no such file/);
});

test('the line-framed reader: reordered lines still verify, an edited line does not, an empty estate round-trips', () => {
  const file = tmpFile();
  const snap = snapshotOf(yaml);
  writeSnapshot(file, snap);
  const lines = readFileSync(file, 'utf8').split('\n');
  const first = lines.findIndex((l) => l === '"objects": [') + 1;
  const swapped = [...lines];
  // Swap the two object lines, keeping the commas where JSON needs them.
  swapped[first] = `${lines[first + 1]},`;
  swapped[first + 1] = lines[first]!.replace(/,$/, '');
  writeFileSync(file, swapped.join('\n'));
  assert.deepEqual(readSnapshot(file), snap);
  const edited = [...lines];
  edited[first] = edited[first]!.replace('"name":"a"', '"name":"b"');
  writeFileSync(file, edited.join('\n'));
  assert.throws(() => readSnapshot(file), /digest does not match/);
  const empty = snapshotOf('');
  writeSnapshot(file, empty);
  assert.deepEqual(readSnapshot(file), empty);
  writeFileSync(file, lines.slice(0, first + 1).join('\n'));
  assert.throws(() => readSnapshot(file), /objects list is cut off/);
});
