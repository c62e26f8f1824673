import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readResults } from '../evaluate/io.js';
import type { Results, Status } from '../evaluate/types.js';
import { UsageError } from '../errors.js';
import { historyPacks } from '../pack/history.js';
import { MANIFEST } from '../pack/manifest.js';

export const ROLLUP_SCHEMA_VERSION = 'kubeproof.io/rollup/v1';

export interface RollupCluster {
  cluster: string;
  pack: string;
  collectedAt: string;
  toolVersion: string;
  /** The pack's report.html relative to the rollup's own file, when the pack has one. */
  report: string | null;
  scores: Array<{ framework: string; score: number | null }>;
  failingRequirements: number;
  failingEvidence: number;
}

export interface RollupRequirement {
  framework: string;
  id: string;
  title: string;
  failing: string[];
  assessed: number;
  statuses: Array<{ cluster: string; status: Status | null }>;
}

export interface RollupResult {
  schemaVersion: typeof ROLLUP_SCHEMA_VERSION;
  frameworks: Array<{ id: string; title: string }>;
  clusters: RollupCluster[];
  worst: RollupRequirement[];
  notes: string[];
}

/** The newest complete pack of every cluster in a history folder. */
export function latestPacks(history: string): string[] {
  if (!existsSync(history) || !statSync(history).isDirectory()) throw new UsageError(`history folder ${history} does not exist`);
  const out: string[] = [];
  for (const c of readdirSync(history).sort()) {
    if (!statSync(join(history, c)).isDirectory()) continue;
    const packs = historyPacks(history, c);
    if (packs.length) out.push(packs[packs.length - 1]!);
  }
  return out;
}

function link(pack: string, outFile: string | undefined): string | null {
  if (!existsSync(join(pack, 'report.html'))) return null;
  const from = outFile ? dirname(resolve(outFile)) : process.cwd();
  return relative(from, resolve(pack, 'report.html')).split(sep).join('/');
}

/**
 * One view across clusters: the newest run of each, its scores per framework, and the
 * requirements failing in the most clusters. Packs must be complete (with a manifest); a
 * results.json file alone is accepted too, without a report link.
 */
export function rollup(paths: readonly string[], options: { out?: string; worst?: number } = {}): RollupResult {
  if (!paths.length) throw new UsageError('rollup takes one or more packs (or --history DIR)');
  const notes: string[] = [];
  const byCluster = new Map<string, { pack: string; results: Results }>();
  for (const p of paths) {
    if (!existsSync(p)) throw new UsageError(`no such pack: ${p}`);
    const isDir = statSync(p).isDirectory();
    if (isDir && !existsSync(join(p, MANIFEST))) throw new UsageError(`${p} is not a complete pack (no ${MANIFEST})`);
    const results = readResults(isDir ? join(p, 'results.json') : p);
    const name = results.run.cluster.name;
    const seen = byCluster.get(name);
    if (seen) {
      const keep = seen.results.run.snapshot.collectedAt >= results.run.snapshot.collectedAt ? seen : { pack: isDir ? p : dirname(p), results };
      notes.push(`two runs of ${name} were given (${seen.pack} and ${p}): the newer one, ${keep.pack}, is shown`);
      byCluster.set(name, keep);
    } else byCluster.set(name, { pack: isDir ? p : dirname(p), results });
  }
  const entries = [...byCluster.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const frameworks = new Map<string, string>();
  for (const [, { results }] of entries) for (const f of results.frameworks) if (!frameworks.has(f.id)) frameworks.set(f.id, f.title);
  const fwList = [...frameworks.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, title]) => ({ id, title }));

  const clusters: RollupCluster[] = entries.map(([name, { pack, results }]) => ({
    cluster: name,
    pack,
    collectedAt: results.run.snapshot.collectedAt,
    toolVersion: results.run.tool.version,
    report: link(pack, options.out),
    scores: fwList.map((f) => ({ framework: f.id, score: results.frameworks.find((x) => x.id === f.id)?.score ?? null })),
    failingRequirements: results.frameworks.reduce((a, f) => a + f.requirements.filter((r) => r.status === 'fail').length, 0),
    failingEvidence: Object.values(results.summary.findings).reduce((a, n) => a + n, 0),
  }));

  const reqs = new Map<string, RollupRequirement>();
  for (const [name, { results }] of entries) {
    for (const f of results.frameworks) {
      for (const r of f.requirements) {
        const key = `${f.id}\u0000${r.id}`;
        let entry = reqs.get(key);
        if (!entry) {
          entry = { framework: f.id, id: r.id, title: r.title, failing: [], assessed: 0, statuses: entries.map(([c]) => ({ cluster: c, status: null })) };
          reqs.set(key, entry);
        }
        entry.statuses.find((s) => s.cluster === name)!.status = r.status;
        if (r.status !== 'not-applicable' && r.status !== 'not-assessed' && r.status !== 'manual') entry.assessed++;
        if (r.status === 'fail') entry.failing.push(name);
      }
    }
  }
  const worst = [...reqs.values()]
    .filter((r) => r.failing.length > 0)
    .sort((a, b) => b.failing.length - a.failing.length || (a.framework < b.framework ? -1 : a.framework > b.framework ? 1 : 0) || a.id.localeCompare(b.id, 'en', { numeric: true }))
    .slice(0, options.worst ?? 25);
  return { schemaVersion: ROLLUP_SCHEMA_VERSION, frameworks: fwList, clusters, worst, notes };
}
