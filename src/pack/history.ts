import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { describeFsError, ensureDir } from '../util/fs.js';
import { MANIFEST } from './manifest.js';

/** A folder name from a cluster name that no path trick can escape from. */
export function safeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return s.slice(0, 100) || 'cluster';
}

/** `2026-11-24T07:30:00.000Z` → `2026-11-24T07-30-00Z`: sorts by time, valid on every file system. */
export function stamp(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Claims a new run folder DIR/<cluster>/<stamp>/ with mkdir, which fails if another run took the
 * name first: two runs writing to one history at once get two folders, never one shared one.
 */
export function claimRunFolder(history: string, cluster: string, collectedAt: string): string {
  const parent = join(history, safeName(cluster));
  ensureDir(parent);
  const base = stamp(collectedAt);
  for (let n = 1; n < 1000; n++) {
    const dir = join(parent, n === 1 ? base : `${base}-${n}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`cannot create ${dir}: ${describeFsError(err)}`);
    }
  }
  throw new UsageError(`too many runs at ${base} in ${parent}`);
}

/** Complete packs (with a manifest) of one cluster in a history folder, oldest first. */
export function historyPacks(history: string, cluster?: string): string[] {
  if (!existsSync(history)) throw new UsageError(`history folder ${history} does not exist`);
  const clusters = readdirSync(history).filter((c) => statSync(join(history, c)).isDirectory()).sort();
  let chosen: string;
  if (cluster) chosen = safeName(cluster);
  else if (clusters.length === 1) chosen = clusters[0]!;
  else throw new UsageError(`history folder ${history} holds ${clusters.length === 0 ? 'no clusters' : `several clusters (${clusters.join(', ')}): name one with --cluster`}`);
  const dir = join(history, chosen);
  if (!existsSync(dir)) throw new UsageError(`history folder ${history} holds no runs of ${chosen}`);
  return readdirSync(dir)
    .filter((run) => existsSync(join(dir, run, MANIFEST)))
    .sort()
    .map((run) => join(dir, run));
}

/** Removes the oldest complete packs beyond `keep`; incomplete folders (runs in progress) are left alone. */
export function prune(history: string, cluster: string, keep: number): string[] {
  const packs = historyPacks(history, cluster);
  const doomed = packs.slice(0, Math.max(0, packs.length - keep));
  for (const d of doomed) rmSync(d, { recursive: true, force: true });
  return doomed;
}
