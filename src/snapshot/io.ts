import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { InputError } from '../errors.js';
import { canonicalChunks, canonicalJson, sha256Chunks } from '../util/canonical.js';
import { describeFsError } from '../util/fs.js';
import { eachLine } from '../util/lines.js';
import { writeOutputChunks } from '../util/fs-stream.js';
import { describeIssues } from '../util/zod-errors.js';
import { snapshotHeaderSchema } from './schema.js';
import { SNAPSHOT_SCHEMA_VERSION, type K8sObject, type Snapshot } from './types.js';

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

/** sha256 of the RFC 8785 canonical JSON of everything but the digest, objects in canonical order. */
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

const OBJECTS_OPEN = '"objects": [';

/**
 * A JSON document framed one object a line, each in canonical form: it stays valid JSON for jq,
 * diffs well, streams to and from disk without one huge string (a 100k-pod snapshot is larger than
 * the longest string V8 holds), and its digest is the hash of those lines as they are.
 */
function* snapshotChunks(s: Snapshot): Generator<string> {
  yield `{\n"schemaVersion": ${JSON.stringify(s.schemaVersion)},\n`;
  yield `"source": ${JSON.stringify(s.source)},\n`;
  yield `"cluster": ${JSON.stringify(s.cluster)},\n`;
  yield `"collectedAt": ${JSON.stringify(s.collectedAt)},\n`;
  yield `"digest": ${JSON.stringify(s.digest)},\n`;
  yield `"coverage": [\n${s.coverage.map((c) => JSON.stringify(c)).join(',\n')}\n],\n`;
  yield `${OBJECTS_OPEN}\n`;
  for (let i = 0; i < s.objects.length; i++) yield (i ? ',\n' : '') + canonicalJson(s.objects[i]);
  yield '\n],\n"sources": {\n';
  const keys = Object.keys(s.sources);
  for (let i = 0; i < keys.length; i++) yield `${i ? ',\n' : ''}${JSON.stringify(keys[i])}: ${JSON.stringify(s.sources[keys[i]!])}`;
  yield '\n}\n}\n';
}

/** Reads, checks the schema version, validates the shape and verifies the digest. */
export function readSnapshot(path: string): Snapshot {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new InputError(`cannot read snapshot: ${describeFsError(err)}`, { file: path });
  }
  try {
    const streamed = readFramed(fd, path);
    if (streamed) return verify(streamed.header, streamed.objects, path, streamed.digest);
  } finally {
    closeSync(fd);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read snapshot: ${describeFsError(err)}`, { file: path });
  }
  return parseSnapshotBytes(bytes, path);
}

/**
 * Streams a snapshot in writeSnapshot's framing a chunk at a time, never holding the file: one
 * object line is parsed and hashed, then dropped. Returns undefined for any other layout.
 */
function readFramed(fd: number, path: string): { header: Record<string, unknown>; objects: K8sObject[]; digest: string } | undefined {
  let state: 'head' | 'objects' | 'tail' = 'head';
  let head = '';
  let tail = '';
  let line = 0;
  const objects: K8sObject[] = [];
  let hash: ReturnType<typeof createHash> | undefined;
  let headValues: Record<string, unknown> = {};
  const onLine = (bytes: Buffer): boolean => {
    line++;
    if (state === 'head') {
      if (line === 1 && bytes.toString() !== '{') return false;
      if (bytes.toString('utf8') === OBJECTS_OPEN) {
        try {
          headValues = JSON.parse(`${head.replace(/,\s*$/, '')}}`) as Record<string, unknown>;
        } catch (err) {
          throw new InputError(`not a snapshot: the JSON does not parse (${(err as Error).message})`, { file: path, line });
        }
        hash = createHash('sha256');
        hash.update('{');
        for (const key of ['cluster', 'collectedAt', 'coverage']) hash.update(`${JSON.stringify(key)}:${canonicalJson(headValues[key] ?? null)},`);
        hash.update('"objects":[');
        state = 'objects';
        return true;
      }
      head += `${bytes.toString('utf8')}\n`;
      return true;
    }
    if (state === 'objects') {
      let end = bytes.length;
      if (bytes[end - 1] === 44 /* , */) end--;
      if (end === 1 && bytes[0] === 93 /* ] */) {
        state = 'tail';
        return true;
      }
      if (end === 0) return true;
      const text = bytes.toString('utf8', 0, end);
      try {
        objects.push(JSON.parse(text) as K8sObject);
      } catch (err) {
        throw new InputError(`not a snapshot: object ${objects.length} does not parse (${(err as Error).message})`, { file: path, line });
      }
      if (objects.length > 1) hash!.update(',');
      hash!.update(bytes.subarray(0, end));
      return true;
    }
    tail += `${bytes.toString('utf8')}\n`;
    return true;
  };
  let complete: boolean;
  try {
    complete = eachLine(fd, (bytes) => onLine(bytes) && !(state === 'head' && head.length > 64 * 1024 * 1024));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read snapshot: ${describeFsError(err)}`, { file: path });
  }
  if (!complete) return undefined;
  const ended = state as 'head' | 'objects' | 'tail'; // changed inside onLine
  if (ended !== 'tail') {
    if (ended === 'head') return undefined;
    throw new InputError('not a snapshot: the objects list is cut off (truncated file?)', { file: path });
  }
  let rest: Record<string, unknown>;
  try {
    rest = JSON.parse(`{${tail}`) as Record<string, unknown>;
  } catch (err) {
    throw new InputError(`not a snapshot: the JSON does not parse (${(err as Error).message})`, { file: path });
  }
  const header = { ...headValues, ...rest };
  hash!.update(']');
  for (const key of ['schemaVersion', 'source', 'sources']) hash!.update(`,${JSON.stringify(key)}:${canonicalJson(header[key] ?? null)}`);
  hash!.update('}');
  return { header, objects, digest: `sha256:${hash!.digest('hex')}` };
}

export function parseSnapshot(text: string, path: string): Snapshot {
  return parseSnapshotBytes(Buffer.from(text, 'utf8'), path);
}

const ajv = new Ajv({ allErrors: false, strict: true });
const validateObject = ajv.compile({
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata'],
  properties: {
    apiVersion: { type: 'string', minLength: 1 },
    kind: { type: 'string', minLength: 1 },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1 },
        namespace: { type: 'string', minLength: 1 },
        uid: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
        ownerReferences: {
          type: 'array',
          items: { type: 'object', required: ['apiVersion', 'kind', 'name', 'uid'], properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, uid: { type: 'string' } } },
        },
      },
    },
  },
});

/** Any JSON layout (a snapshot re-indented by a tool, or small enough to hold as one string). */
function parseWhole(bytes: Buffer, path: string): { header: Record<string, unknown>; objects: unknown } {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ERR_STRING_TOO_LONG' ? 'too large to read unless written by kubeproof (one object a line)' : `the JSON does not parse (${(err as Error).message})`;
    throw new InputError(`not a snapshot: ${why}`, { file: path });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError('not a snapshot: expected a JSON object with schemaVersion', { file: path });
  const { objects, ...header } = raw as Record<string, unknown>;
  return { header, objects: objects as K8sObject[] };
}

export function parseSnapshotBytes(bytes: Buffer, path: string): Snapshot {
  const { header, objects } = parseWhole(bytes, path);
  return verify(header, objects, path);
}

/**
 * Checks the version and shape and the digest. `quick` is the digest of the content as it stands
 * in the file (canonical lines, file order); when it differs, the canonical digest decides.
 */
function verify(header: Record<string, unknown>, objects: unknown, path: string, quick?: string): Snapshot {
  const version = header.schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new InputError(
      `snapshot schemaVersion ${JSON.stringify(version ?? null)} is not one this build reads (it reads ${SNAPSHOT_SCHEMA_VERSION})`,
      { file: path },
    );
  }
  const parsed = snapshotHeaderSchema.safeParse(header);
  if (!parsed.success) throw new InputError(`not a valid snapshot: ${describeIssues(parsed.error)}`, { file: path });
  if (!Array.isArray(objects)) throw new InputError('not a valid snapshot: objects: expected array', { file: path });
  for (let i = 0; i < objects.length; i++) {
    if (!validateObject(objects[i])) {
      const e = validateObject.errors![0]!;
      throw new InputError(`not a valid snapshot: objects[${i}]${e.instancePath.replace(/\//g, '.')}: ${e.message}`, { file: path });
    }
  }
  const raw = { ...(header as Omit<Snapshot, 'objects'>), objects } as Snapshot;
  if (quick !== undefined && quick === raw.digest) return raw;
  // Order is not content: objects and coverage are put in canonical order before the digest, so a
  // snapshot whose lists were reordered (by a tool, or an API that lists in another order) still
  // verifies and evaluates to the same results.
  const snapshot = { ...normaliseBody(raw), digest: raw.digest } as Snapshot;
  const actual = snapshotDigest(snapshot);
  if (actual !== snapshot.digest) {
    throw new InputError(
      `snapshot digest does not match its content (recorded ${snapshot.digest}, computed ${actual}): the file was changed after it was written`,
      { file: path },
    );
  }
  return snapshot;
}

