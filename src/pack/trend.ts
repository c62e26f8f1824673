import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from '../evaluate/types.js';
import { KubeproofError } from '../errors.js';
import type { TrendPoint } from '../report/trend.js';
import { historyPacks, safeName } from './history.js';

export const TREND_RUNS = 12;

function point(r: Pick<Results, 'run' | 'summary' | 'frameworks'>): TrendPoint {
  return {
    collectedAt: r.run.snapshot.collectedAt,
    scores: r.frameworks.map((f) => ({ framework: f.id, title: f.title, score: f.score })),
    findings: { ...r.summary.findings },
  };
}

/**
 * The trend of one cluster: the scores and failing evidence of its earlier complete packs in the
 * history folder (only their results.json summary and framework scores are read), then this run;
 * at most `max` runs. Undefined when there is no earlier pack. A pack whose results.json cannot
 * be read is left out of the trend, not an error: the run itself must not fail for it.
 */
export function historyTrend(history: string, current: Results, max = TREND_RUNS): TrendPoint[] | undefined {
  const cluster = current.run.cluster.name;
  if (!existsSync(join(history, safeName(cluster)))) return undefined;
  let packs: string[];
  try {
    packs = historyPacks(history, cluster);
  } catch (err) {
    if (err instanceof KubeproofError) return undefined;
    throw err;
  }
  const earlier: TrendPoint[] = [];
  for (const dir of packs.slice(-(max - 1))) {
    try {
      const r = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
      if (r.run?.cluster?.name !== cluster || !Array.isArray(r.frameworks) || !r.summary?.findings) continue;
      earlier.push(point(r));
    } catch {
      continue;
    }
  }
  if (!earlier.length) return undefined;
  return [...earlier, point(current)].slice(-max);
}
