import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { Results } from '../evaluate/types.js';
import { describeFsError } from '../util/fs.js';
import { describeIssues } from '../util/zod-errors.js';

export const PACK_SCHEMA_VERSION = 'kubeproof.io/pack/v1';
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.json.sig';

export interface PackFile {
  path: string;
  sha256: string;
  size: number;
}

export interface PackManifest {
  schemaVersion: typeof PACK_SCHEMA_VERSION;
  tool: { name: 'kubeproof'; version: string };
  catalog: { digest: string; controls: number };
  cluster: { name: string; server: string | null; version: string | null };
  collectedAt: string;
  snapshotDigest: string;
  frameworks: string[];
  files: PackFile[];
}

const manifestSchema = z.strictObject({
  schemaVersion: z.literal(PACK_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal('kubeproof'), version: z.string() }),
  catalog: z.strictObject({ digest: z.string(), controls: z.number() }),
  cluster: z.strictObject({ name: z.string(), server: z.string().nullable(), version: z.string().nullable() }),
  collectedAt: z.string(),
  snapshotDigest: z.string(),
  frameworks: z.array(z.string()),
  files: z.array(z.strictObject({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() })),
});

export function fileDigest(path: string): { sha256: string; size: number } {
  const data = readFileSync(path);
  return { sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
}

/** Every file below a pack folder, as forward-slash paths relative to it, sorted; the manifest and signature left out. */
export function packFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/'))
    .filter((p) => p !== MANIFEST && p !== SIGNATURE && !/(^|\/)\.[^/]*\.tmp-/.test(p))
    .sort();
}

export function buildManifest(dir: string, files: readonly string[], results: Results): PackManifest {
  return {
    schemaVersion: PACK_SCHEMA_VERSION,
    tool: { name: 'kubeproof', version: results.run.tool.version },
    catalog: results.run.catalog,
    cluster: results.run.cluster,
    collectedAt: results.run.snapshot.collectedAt,
    snapshotDigest: results.run.snapshot.digest,
    frameworks: results.run.frameworks,
    files: [...files].sort().map((path) => ({ path, ...fileDigest(join(dir, path)) })),
  };
}

export function manifestText(m: PackManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

export function readManifest(dir: string): { manifest: PackManifest; bytes: Buffer } {
  const path = join(dir, MANIFEST);
  let bytes: Buffer;
  try {
    if (!statSync(dir).isDirectory()) throw new InputError('expected an evidence pack folder', { file: dir });
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`not a complete evidence pack: cannot read ${MANIFEST} (${describeFsError(err)}); a pack without its manifest was interrupted or is not a pack`, { file: dir });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new InputError(`the pack manifest does not parse: ${(err as Error).message}`, { file: path });
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== PACK_SCHEMA_VERSION) {
    throw new InputError(`pack schemaVersion ${JSON.stringify(version ?? null)} is not one this build reads (it reads ${PACK_SCHEMA_VERSION})`, { file: path });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(`not a valid pack manifest: ${describeIssues(parsed.error)}`, { file: path });
  return { manifest: raw as PackManifest, bytes };
}
