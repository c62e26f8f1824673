import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { canonicalChunks, sha256Chunks } from '../util/canonical.js';
import { describeFsError } from '../util/fs.js';
import { writeOutputChunks } from '../util/fs-stream.js';
import { describeIssues } from '../util/zod-errors.js';
import { snapshotSchema } from './schema.js';
import { SNAPSHOT_SCHEMA_VERSION, objectKey, type K8sObject, type Snapshot } from './types.js';

export type SnapshotBody = Omit<Snapshot, 'digest'>;

/** Puts objects, coverage and sources in one order whatever order they were read or listed in. */
export function normaliseBody(body: SnapshotBody): SnapshotBody {
  const keyed = body.objects.map((o) => [sortKey(o), o] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const sources: Snapshot['sources'] = {};
  for (const key of Object.keys(body.sources).sort()) sources[key] = body.sources[key]!;
  return {
    ...body,
    coverage: [...body.coverage].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)),
    objects: keyed.map(([, o]) => o),
    sources,
  };
}

function sortKey(o: K8sObject): string {
  return `${o.kind}\u0000${o.apiVersion}\u0000${o.metadata.namespace ?? ''}\u0000${o.metadata.name}`;
}

export function snapshotDigest(body: SnapshotBody): string {
  const { digest: _ignored, ...rest } = body as Snapshot;
  return sha256Chunks(canonicalChunks(rest as unknown as Record<string, unknown>, 'objects'));
}

export function sealSnapshot(body: SnapshotBody): Snapshot {
  const normal = normaliseBody(body);
  return { ...normal, digest: snapshotDigest(normal) };
}

export function writeSnapshot(path: string, snapshot: Snapshot): void {
  writeOutputChunks(path, snapshotChunks(snapshot));
}

/** One object a line, so the file stays diffable and streams to disk without one huge string. */
function* snapshotChunks(s: Snapshot): Generator<string> {
  yield `{\n"schemaVersion": ${JSON.stringify(s.schemaVersion)},\n`;
  yield `"source": ${JSON.stringify(s.source)},\n`;
  yield `"cluster": ${JSON.stringify(s.cluster)},\n`;
  yield `"collectedAt": ${JSON.stringify(s.collectedAt)},\n`;
  yield `"digest": ${JSON.stringify(s.digest)},\n`;
  yield `"coverage": [\n${s.coverage.map((c) => JSON.stringify(c)).join(',\n')}\n],\n`;
  yield '"objects": [\n';
  for (let i = 0; i < s.objects.length; i++) yield (i ? ',\n' : '') + JSON.stringify(s.objects[i]);
  yield '\n],\n"sources": {\n';
  const keys = Object.keys(s.sources);
  for (let i = 0; i < keys.length; i++) yield `${i ? ',\n' : ''}${JSON.stringify(keys[i])}: ${JSON.stringify(s.sources[keys[i]!])}`;
  yield '\n}\n}\n';
}

/** Reads, checks the schema version, validates the shape and verifies the digest. */
export function readSnapshot(path: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read snapshot: ${describeFsError(err)}`, { file: path });
  }
  return parseSnapshot(text, path);
}

export function parseSnapshot(text: string, path: string): Snapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not a snapshot: the JSON does not parse (${(err as Error).message})`, { file: path });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError('not a snapshot: expected a JSON object with schemaVersion', { file: path });
  }
  const version = (raw as Record<string, unknown>).schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new InputError(
      `snapshot schemaVersion ${JSON.stringify(version ?? null)} is not one this build reads (it reads ${SNAPSHOT_SCHEMA_VERSION})`,
      { file: path },
    );
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(`not a valid snapshot: ${describeIssues(parsed.error)}`, { file: path });
  }
  // Order is not content: objects and coverage are put in canonical order before the digest, so a
  // snapshot whose lists were reordered (by a tool, or an API that lists in another order) still
  // verifies and evaluates to the same results.
  const snapshot = { ...normaliseBody(raw as Snapshot), digest: (raw as Snapshot).digest } as Snapshot;
  const actual = snapshotDigest(snapshot);
  if (actual !== snapshot.digest) {
    throw new InputError(
      `snapshot digest does not match its content (recorded ${snapshot.digest}, computed ${actual}): the file was changed after it was written`,
      { file: path },
    );
  }
  for (const key of Object.keys(snapshot.sources)) {
    if (!key.includes('/')) throw new InputError(`not a valid snapshot: sources key ${JSON.stringify(key)} is not an object key`, { file: path });
  }
  return snapshot;
}

export { objectKey };
