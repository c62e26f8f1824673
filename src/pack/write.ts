import { existsSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as tar from 'tar';
import { UsageError } from '../errors.js';
import { writeResults } from '../evaluate/io.js';
import type { Results } from '../evaluate/types.js';
import { writeSnapshot } from '../snapshot/io.js';
import type { Snapshot } from '../snapshot/types.js';
import { assertWritableDir, describeFsError, ensureDir, writeOutput } from '../util/fs.js';
import { buildManifest, manifestText, MANIFEST, readManifest, SIGNATURE } from './manifest.js';
import { loadPrivateKey, signManifest } from './sign.js';

export interface PackInputs {
  waivers?: string;
  config?: string;
  controls?: string[];
  /** The evaluation options as given, so `verify --reevaluate` can repeat them exactly. */
  frameworks?: string[];
  asOf?: string;
}

export interface Report {
  /** Path inside the pack. */
  path: string;
  write(path: string): void;
}

export interface PackOptions {
  signKey?: string;
  archive?: boolean;
}

export const RUN_INPUTS = 'inputs/run.json';

/**
 * Writes an evidence pack: snapshot, results, reports and copies of the inputs, then manifest.json
 * last (and its signature). Until the manifest is in place the folder is not a pack: an
 * interrupted run is recognisable, never mistaken for a complete one. Files of an earlier pack in
 * the same folder that this pack does not write again are removed, so the manifest lists the
 * folder exactly.
 */
export function writePack(dir: string, snapshot: Snapshot, results: Results, reports: readonly Report[], inputs: PackInputs, options: PackOptions = {}): string[] {
  const key = options.signKey ? loadPrivateKey(options.signKey) : undefined;
  ensureDir(dir);
  // Nothing of an earlier pack is touched unless this one can be written in its place.
  assertWritableDir(dir);
  let previous: string[] = [];
  if (existsSync(join(dir, MANIFEST))) {
    try {
      previous = readManifest(dir).manifest.files.map((f) => f.path);
    } catch {
      previous = [];
    }
  }
  for (const name of [MANIFEST, SIGNATURE]) removeIfThere(join(dir, name));

  const written: string[] = [];
  const put = (path: string, write: (full: string) => void): void => {
    write(join(dir, path));
    written.push(path);
  };
  put('snapshot.json', (p) => writeSnapshot(p, snapshot));
  put('results.json', (p) => writeResults(p, results));
  for (const r of reports) put(r.path, (p) => r.write(p));
  if (inputs.waivers) put('inputs/waivers.yaml', (p) => copyInput(inputs.waivers!, p));
  if (inputs.config) put('inputs/config.yaml', (p) => copyInput(inputs.config!, p));
  (inputs.controls ?? []).forEach((folder, i) => {
    for (const file of yamlFilesBelow(folder)) put(`inputs/controls/${i}/${file}`, (p) => copyInput(join(folder, file), p));
  });
  put(RUN_INPUTS, (p) => writeOutput(p, `${JSON.stringify({ frameworks: inputs.frameworks ?? null, asOf: inputs.asOf ?? null }, null, 2)}\n`));

  for (const old of previous) if (!written.includes(old)) removeIfThere(join(dir, old));

  const manifest = buildManifest(dir, written, results);
  const text = manifestText(manifest);
  if (key) {
    const envelope = signManifest(Buffer.from(text, 'utf8'), manifest, key);
    writeOutput(join(dir, SIGNATURE), `${JSON.stringify(envelope, null, 2)}\n`);
  }
  writeOutput(join(dir, MANIFEST), text);
  const files = [...written, MANIFEST, ...(key ? [SIGNATURE] : [])];
  if (options.archive) writeArchive(dir, files, results.run.snapshot.collectedAt);
  return files;
}

/** DIR.tar.gz beside the pack; file times are the collection time so the archive is reproducible. */
function writeArchive(dir: string, files: readonly string[], collectedAt: string): void {
  const target = join(dirname(dir), `${basename(dir)}.tar.gz`);
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    tar.c({ gzip: { level: 9 }, file: tmp, cwd: dir, sync: true, portable: true, noDirRecurse: true, mtime: new Date(collectedAt) }, [...files].sort());
    renameSync(tmp, target);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot write ${target}: ${describeFsError(err)}`);
  } finally {
    removeIfThere(tmp);
  }
}

function copyInput(from: string, to: string): void {
  let data: Buffer;
  try {
    data = readFileSync(from);
  } catch (err) {
    throw new UsageError(`cannot copy ${from} into the pack: ${describeFsError(err)}`);
  }
  writeOutput(to, data);
}

function yamlFilesBelow(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(folder.length).replace(/^[\\/]+/, '').split('\\').join('/'))
    .sort();
}

function removeIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UsageError(`cannot replace ${path} of the earlier pack: ${describeFsError(err)}`);
  }
}
