/**
 * One measured phase of the benchmark, run by bench/run.ts in a fresh process so that its peak
 * RSS is its own and not the generator's:
 *
 *   node --expose-gc dist/bench/phase.js floor    SNAPSHOT
 *   node --expose-gc dist/bench/phase.js evaluate SNAPSHOT RESULTS
 *
 * floor:    read the snapshot file and JSON.parse it: the least any reader of the file pays.
 * evaluate: what `kubeproof evaluate` does: load the built-in catalogue, readSnapshot (parse,
 *           schema validation, digest verification), index and evaluate every framework,
 *           writeResults.
 *
 * Prints one JSON line on stdout; nothing else goes to stdout.
 */
import { constants } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../src/catalog/load.js';
import { evaluate } from '../src/evaluate/engine.js';
import { writeResults } from '../src/evaluate/io.js';
import { readSnapshot } from '../src/snapshot/io.js';

export interface FloorReport {
  phase: 'floor';
  /**
   * whole-file: readFileSync as one string and JSON.parse it. per-line: the file is longer than
   * the longest string V8 can hold, so no whole-file parse is possible; the floor is then reading
   * it as bytes and JSON.parse of each object line (writeSnapshot writes one object a line).
   */
  mode: 'whole-file' | 'per-line';
  ms: number;
  /** CPU time (user + system, every thread) of the same span: steadier than ms on a busy machine. */
  cpuMs: number;
  objects: number;
  peakRssMB: number;
}

export interface EvaluateReport {
  phase: 'evaluate';
  ms: number;
  cpuMs: number;
  /** Breakdown of ms. */
  catalogMs: number;
  readMs: number;
  evaluateMs: number;
  writeMs: number;
  objects: number;
  controls: number;
  controlStatus: Record<string, number>;
  evidence: number;
  failingEvidence: number;
  peakRssMB: number;
  /** Peak RSS reached by the end of each step: which step sets the peak. */
  peakRssByStepMB: { catalog: number; read: number; evaluate: number; write: number };
  heapUsedAfterMB: number;
  /**
   * With KUBEPROOF_BENCH_LIVE_HEAP=1 (run.js --live-heap): the heap still in use after a full GC
   * at each step, taken outside the timed spans. Forcing GCs lowers peak RSS a little, so the
   * peak RSS of such a run is not the one to report.
   */
  liveHeapMB?: { catalog: number; snapshot: number; results: number; written: number };
}

const mb = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 10) / 10;
/** process.resourceUsage().maxRSS is in KiB. */
const peakRssMB = (): number => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
const round = (ms: number): number => Math.round(ms * 10) / 10;
const cpuSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return round((used.user + used.system) / 1000);
};

function floor(snapshotPath: string): FloorReport {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (statSync(snapshotPath).size <= constants.MAX_STRING_LENGTH) {
    const text = readFileSync(snapshotPath, 'utf8');
    const parsed = JSON.parse(text) as { objects: unknown[] };
    const ms = performance.now() - t0;
    return { phase: 'floor', mode: 'whole-file', ms: round(ms), cpuMs: cpuSince(c0), objects: parsed.objects.length, peakRssMB: peakRssMB() };
  }
  const bytes = readFileSync(snapshotPath);
  const kept: unknown[] = [];
  let inObjects = false;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (inObjects) {
      if (bytes[start] === 0x5d /* ] */) inObjects = false;
      else kept.push(JSON.parse(bytes.toString('utf8', start, bytes[end - 1] === 0x2c /* , */ ? end - 1 : end)));
    } else if (bytes.toString('latin1', start, end) === '"objects": [') inObjects = true;
    start = end + 1;
  }
  const ms = performance.now() - t0;
  return { phase: 'floor', mode: 'per-line', ms: round(ms), cpuMs: cpuSince(c0), objects: kept.length, peakRssMB: peakRssMB() };
}

function evaluatePhase(snapshotPath: string, resultsPath: string): EvaluateReport {
  const gc = (globalThis as { gc?: () => void }).gc;
  const live = process.env.KUBEPROOF_BENCH_LIVE_HEAP === '1' && gc ? { catalog: 0, snapshot: 0, results: 0, written: 0 } : undefined;
  let paused = 0;
  let pausedCpu = 0;
  /** Full GC and heap reading, with its time kept out of the measured spans. */
  const sample = (key: keyof NonNullable<typeof live>): void => {
    if (!live || !gc) return;
    const p0 = performance.now();
    const pc = process.cpuUsage();
    gc();
    live[key] = mb(process.memoryUsage().heapUsed);
    paused += performance.now() - p0;
    pausedCpu += cpuSince(pc);
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const catalog = loadCatalog();
  const t1 = performance.now();
  const rssCatalog = peakRssMB();
  sample('catalog');
  const s1 = paused;
  const snapshot = readSnapshot(snapshotPath);
  const t2 = performance.now();
  const rssRead = peakRssMB();
  sample('snapshot');
  const s2 = paused;
  const results = evaluate(snapshot, catalog);
  const t3 = performance.now();
  const rssEvaluate = peakRssMB();
  sample('results');
  const s3 = paused;
  writeResults(resultsPath, results);
  const t4 = performance.now();
  const cpuMs = cpuSince(c0) - pausedCpu;
  const rssWrite = peakRssMB();
  sample('written');
  let evidence = 0;
  let failing = 0;
  const controlStatus: Record<string, number> = {};
  for (const c of results.controls) {
    evidence += c.evidence.length;
    failing += c.counts.fail;
    controlStatus[c.status] = (controlStatus[c.status] ?? 0) + 1;
  }
  return {
    phase: 'evaluate',
    ms: round(t4 - t0 - s3),
    cpuMs: round(cpuMs),
    catalogMs: round(t1 - t0),
    readMs: round(t2 - t1 - s1),
    evaluateMs: round(t3 - t2 - (s2 - s1)),
    writeMs: round(t4 - t3 - (s3 - s2)),
    objects: snapshot.objects.length,
    controls: results.controls.length,
    controlStatus,
    evidence,
    failingEvidence: failing,
    peakRssMB: rssWrite,
    peakRssByStepMB: { catalog: rssCatalog, read: rssRead, evaluate: rssEvaluate, write: rssWrite },
    heapUsedAfterMB: mb(process.memoryUsage().heapUsed),
    ...(live ? { liveHeapMB: live } : {}),
  };
}

function main(argv: string[]): number {
  const [phase, snapshotPath, resultsPath] = argv;
  if (phase === 'floor' && snapshotPath) {
    process.stdout.write(`${JSON.stringify(floor(snapshotPath))}\n`);
    return 0;
  }
  if (phase === 'evaluate' && snapshotPath && resultsPath) {
    process.stdout.write(`${JSON.stringify(evaluatePhase(snapshotPath, resultsPath))}\n`);
    return 0;
  }
  process.stderr.write('usage: phase.js floor SNAPSHOT | phase.js evaluate SNAPSHOT RESULTS\n');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
