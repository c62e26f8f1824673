/**
 * kubeproof benchmark: how evaluation scales with the size of the estate.
 *
 *   npm run bench                                  # 10,000 and 100,000 pods
 *   node --expose-gc dist/bench/run.js 5000 20000  # other sizes
 *   node --expose-gc dist/bench/run.js 100000 --cpu-prof /tmp/prof --keep --repeat 3
 *
 * For each size: generate a synthetic estate (bench/synthetic.ts), write it with writeSnapshot
 * to a temporary folder, then measure two phases, each in a fresh child process (bench/phase.ts)
 * so that peak RSS is per phase and not polluted by the generator:
 *   floor     read the file and JSON.parse it;
 *   evaluate  loadCatalog + readSnapshot (schema, digest) + index + evaluate + writeResults.
 *
 * stdout: one JSON line per size, then {"scaling10kTo100k": ...} when both 10k and 100k ran,
 * then {"collect": ...}: a live collection through the test API server (bench/collect.ts).
 * stderr: progress, diagnostics and the targets (reported, never asserted).
 *
 * Options: --repeat N  run each phase N times, keep the fastest time and the largest RSS;
 *          --cpu-prof DIR  write a V8 CPU profile of each evaluate phase to DIR;
 *          --keep  keep the temporary files and say where they are;
 *          --live-heap  force a GC after each step of the evaluate phase and report the live heap
 *                       (diagnosis only: it lowers the peak RSS it reports);
 *          --no-collect  skip the collection benchmark; --collect-only  run nothing else.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeSnapshot } from '../src/snapshot/io.js';
import type { CollectBenchReport } from './collect.js';
import type { EvaluateReport, FloorReport } from './phase.js';
import { plan, syntheticSnapshot } from './synthetic.js';

const DEFAULT_SIZES = [10_000, 100_000];
const TARGETS = { ratioAt100k: 4, peakRssMB: 2048, scaling10kTo100k: 11 };

interface Args {
  sizes: number[];
  repeat: number;
  cpuProfDir?: string;
  keep: boolean;
  liveHeap: boolean;
  /** Also measure a live collection (bench/collect.ts): on unless --no-collect; alone with --collect-only. */
  collect: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sizes: [], repeat: 1, keep: false, liveHeap: false, collect: true };
  let collectOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--repeat') args.repeat = positiveInt(argv[++i], '--repeat');
    else if (a === '--cpu-prof') {
      const dir = argv[++i];
      if (!dir) throw new Error('--cpu-prof needs a folder');
      args.cpuProfDir = resolve(dir);
    } else if (a === '--keep') args.keep = true;
    else if (a === '--live-heap') args.liveHeap = true;
    else if (a === '--no-collect') args.collect = false;
    else if (a === '--collect-only') collectOnly = true;
    else if (/^\d[\d_,]*$/.test(a)) args.sizes.push(positiveInt(a.replace(/[_,]/g, ''), 'size'));
    else throw new Error(`unknown argument ${a} (sizes are pod counts; options: --repeat N, --cpu-prof DIR, --keep, --live-heap, --no-collect, --collect-only)`);
  }
  if (collectOnly && (args.sizes.length || !args.collect)) throw new Error('--collect-only takes no sizes and goes without --no-collect');
  if (collectOnly) return { ...args, sizes: [] };
  if (args.sizes.length === 0) args.sizes = DEFAULT_SIZES;
  for (const pods of args.sizes) plan(pods); // refuses sizes the generator cannot lay out
  return args;
}

function positiveInt(value: string | undefined, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${what} takes a positive whole number, not ${JSON.stringify(value)}`);
  return n;
}

const log = (msg: string): void => {
  process.stderr.write(`[bench] ${msg}\n`);
};
const mb = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 10) / 10;
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
const gc = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

const PHASE_SCRIPT = fileURLToPath(new URL('./phase.js', import.meta.url));
const COLLECT_SCRIPT = fileURLToPath(new URL('./collect.js', import.meta.url));

/** Runs phase.js (or another bench script) in a fresh process and returns the JSON line it prints. */
function runPhase<T>(args: string[], options: { cpuProfDir?: string; liveHeap?: boolean; script?: string } = {}): Promise<T> {
  const nodeArgs = ['--expose-gc', ...(options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : []), options.script ?? PHASE_SCRIPT, ...args];
  const env = { ...process.env, KUBEPROOF_BENCH_LIVE_HEAP: options.liveHeap ? '1' : '0' };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.length > 20_000) err = err.slice(-20_000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        const line = out.trim().split('\n').pop() ?? '';
        try {
          resolvePromise(JSON.parse(line) as T);
        } catch {
          reject(new Error(`phase ${args[0]} printed no JSON: ${out.slice(0, 500)}`));
        }
        return;
      }
      // The error line and its code, not the stack between them.
      const lines = err.trim().split('\n');
      const tail = lines.filter((l) => /Error|error:|code: |heap out of memory/.test(l)).slice(0, 4).join('\n') || lines.slice(-6).join('\n');
      reject(new Error(`phase ${args[0]} ${signal ? `was killed by ${signal}` : `exited with ${code}`}${tail ? `:\n${tail}` : ''}`));
    });
  });
}

interface SizeLine {
  pods: number;
  objects: number;
  snapshotMB: number;
  floorMs?: number;
  evaluateMs?: number;
  ratio?: number;
  peakRssMB?: number;
  resultsMB?: number;
  evidence?: number;
  [extra: string]: unknown;
}

async function measure(pods: number, dir: string, args: Args): Promise<SizeLine> {
  const p = plan(pods);
  log(`${pods} pods: generating (${p.namespaces} namespaces, ${p.nodes} nodes, ${p.daemonSets} DaemonSets)`);
  gc();
  const g0 = performance.now();
  let snapshot: ReturnType<typeof syntheticSnapshot> | undefined = syntheticSnapshot({ pods });
  const generateMs = performance.now() - g0;
  const generatorHeapMB = mb(process.memoryUsage().heapUsed);
  const objects = snapshot.objects.length;
  const kinds = Object.fromEntries(snapshot.coverage.filter((c) => c.count > 0).map((c) => [c.kind, c.count]));
  const snapshotPath = join(dir, `snapshot-${pods}.json`);
  const resultsPath = join(dir, `results-${pods}.json`);
  const w0 = performance.now();
  writeSnapshot(snapshotPath, snapshot);
  const writeMs = performance.now() - w0;
  snapshot = undefined;
  gc();
  const snapshotBytes = statSync(snapshotPath).size;
  const generatorPeakRssMB = round(process.resourceUsage().maxRSS / 1024);
  log(
    `${pods} pods: ${objects} objects, ${mb(snapshotBytes)} MB snapshot; generated and sealed in ${Math.round(generateMs)} ms ` +
      `(heap ${generatorHeapMB} MB with the snapshot live), written in ${Math.round(writeMs)} ms; generator peak RSS so far ${generatorPeakRssMB} MB`,
  );

  const line: SizeLine = { pods, objects, snapshotMB: mb(snapshotBytes) };
  const extras: Record<string, unknown> = { generateMs: Math.round(generateMs), generatorHeapMB, generatorPeakRssMB, kinds };
  let floorRun: FloorReport | undefined;
  let evalRun: EvaluateReport | undefined;
  const errors: string[] = [];
  const attempt = async (what: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log(`${pods} pods: ${what} FAILED: ${message}`);
      errors.push(message.replace(/\s*\n\s*/g, ' | '));
    }
  };
  await attempt('floor', async () => {
    for (let r = 0; r < args.repeat; r++) {
      log(`${pods} pods: floor (read + JSON.parse) in a fresh process${args.repeat > 1 ? `, run ${r + 1}/${args.repeat}` : ''}`);
      const f = await runPhase<FloorReport>(['floor', snapshotPath]);
      log(`${pods} pods: floor ${f.ms} ms (${f.mode}; CPU ${f.cpuMs} ms), peak RSS ${f.peakRssMB} MB`);
      floorRun = !floorRun ? f : { ...f, ms: Math.min(f.ms, floorRun.ms), cpuMs: Math.min(f.cpuMs, floorRun.cpuMs), peakRssMB: Math.max(f.peakRssMB, floorRun.peakRssMB) };
    }
  });
  await attempt('evaluate', async () => {
    for (let r = 0; r < args.repeat; r++) {
      log(`${pods} pods: evaluate (catalogue + readSnapshot + evaluate + writeResults) in a fresh process${args.repeat > 1 ? `, run ${r + 1}/${args.repeat}` : ''}`);
      if (args.cpuProfDir) mkdirSync(args.cpuProfDir, { recursive: true });
      const e = await runPhase<EvaluateReport>(['evaluate', snapshotPath, resultsPath], { cpuProfDir: args.cpuProfDir, liveHeap: args.liveHeap });
      log(
        `${pods} pods: evaluate ${e.ms} ms (CPU ${e.cpuMs} ms; catalogue ${e.catalogMs}, readSnapshot ${e.readMs}, evaluate ${e.evaluateMs}, writeResults ${e.writeMs}), ` +
          `peak RSS ${e.peakRssMB} MB (by the end of read ${e.peakRssByStepMB.read}, evaluate ${e.peakRssByStepMB.evaluate}, write ${e.peakRssByStepMB.write}), ${e.controls} controls, ${e.evidence} evidence records` +
          (e.liveHeapMB ? `; live heap after catalogue ${e.liveHeapMB.catalog} MB, snapshot ${e.liveHeapMB.snapshot} MB, results ${e.liveHeapMB.results} MB, written ${e.liveHeapMB.written} MB` : ''),
      );
      const peak = Math.max(e.peakRssMB, evalRun?.peakRssMB ?? 0);
      const cpu = Math.min(e.cpuMs, evalRun?.cpuMs ?? Infinity);
      evalRun = !evalRun || e.ms < evalRun.ms ? { ...e, peakRssMB: peak, cpuMs: cpu } : { ...evalRun, peakRssMB: peak, cpuMs: cpu };
    }
  });
  if (errors.length) extras.error = errors.join(' || ');
  if (floorRun) line.floorMs = floorRun.ms;
  if (evalRun) {
    line.evaluateMs = evalRun.ms;
    if (floorRun) line.ratio = round(evalRun.ms / floorRun.ms, 2);
    line.peakRssMB = evalRun.peakRssMB;
    line.resultsMB = mb(statSync(resultsPath).size);
    line.evidence = evalRun.evidence;
    Object.assign(extras, {
      failingEvidence: evalRun.failingEvidence,
      controls: evalRun.controls,
      controlStatus: evalRun.controlStatus,
      breakdownMs: { catalog: evalRun.catalogMs, readSnapshot: evalRun.readMs, evaluate: evalRun.evaluateMs, writeResults: evalRun.writeMs },
      peakRssByStepMB: evalRun.peakRssByStepMB,
      ...(evalRun.liveHeapMB ? { liveHeapMB: evalRun.liveHeapMB } : {}),
    });
  }
  if (floorRun) Object.assign(extras, { floorMode: floorRun.mode, floorPeakRssMB: floorRun.peakRssMB });
  if (floorRun || evalRun) {
    extras.cpu = {
      ...(floorRun ? { floorMs: floorRun.cpuMs } : {}),
      ...(evalRun ? { evaluateMs: evalRun.cpuMs } : {}),
      ...(floorRun && evalRun ? { ratio: round(evalRun.cpuMs / floorRun.cpuMs, 2) } : {}),
    };
  }
  if (!args.keep) {
    rmSync(snapshotPath, { force: true });
    rmSync(resultsPath, { force: true });
  }
  return { ...line, ...extras };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    return 2;
  }
  if (!(globalThis as { gc?: unknown }).gc) log('run with node --expose-gc for cleaner generator memory figures');
  const dir = mkdtempSync(join(tmpdir(), 'kubeproof-bench-'));
  const cleanup = (): void => {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const lines = new Map<number, SizeLine>();
  try {
    for (const pods of args.sizes) {
      const line = await measure(pods, dir, args);
      lines.set(pods, line);
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  } finally {
    cleanup();
    if (args.keep) log(`kept the files in ${dir}`);
  }

  const measured = [...lines.values()].filter((l) => l.evaluateMs);
  for (let i = 1; i < measured.length; i++) {
    const a = measured[i - 1]!;
    const b = measured[i]!;
    log(`${a.pods} -> ${b.pods} pods (${round(b.pods / a.pods, 2)}x): evaluation ${round(b.evaluateMs! / a.evaluateMs!, 2)}x, floor ${a.floorMs && b.floorMs ? round(b.floorMs / a.floorMs, 2) : '-'}x, peak RSS ${a.peakRssMB && b.peakRssMB ? round(b.peakRssMB / a.peakRssMB, 2) : '-'}x`);
  }
  const small = lines.get(10_000);
  const large = lines.get(100_000);
  let scaling: number | undefined;
  if (small && large) {
    // null when one of the two evaluations failed: the line is there whenever both sizes ran.
    if (small.evaluateMs && large.evaluateMs) scaling = round(large.evaluateMs / small.evaluateMs, 2);
    process.stdout.write(`${JSON.stringify({ scaling10kTo100k: scaling ?? null })}\n`);
  }
  if (large) {
    const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'not measured' : ok ? 'met' : 'MISSED');
    log(`targets at 100,000 pods (reported, not asserted):`);
    log(`  evaluation / floor <= ${TARGETS.ratioAt100k}: ${large.ratio ?? '-'} (${verdict(large.ratio === undefined ? undefined : large.ratio <= TARGETS.ratioAt100k)})`);
    log(`  peak RSS <= ${TARGETS.peakRssMB} MB: ${large.peakRssMB ?? '-'} MB (${verdict(large.peakRssMB === undefined ? undefined : large.peakRssMB <= TARGETS.peakRssMB)})`);
    log(`  10k -> 100k <= ${TARGETS.scaling10kTo100k}x: ${scaling ?? '-'} (${verdict(scaling === undefined ? undefined : scaling <= TARGETS.scaling10kTo100k)})`);
  }
  let collectFailed = false;
  if (args.collect) {
    // A live collection of 50,000 objects through the test API server, 20 ms per request (bench/collect.ts).
    log('collection: 50,000 objects through the test API server, 20 ms latency, concurrency 8, pages of 500');
    try {
      const c = await runPhase<CollectBenchReport>([], { script: COLLECT_SCRIPT });
      process.stdout.write(`${JSON.stringify({ collect: c })}\n`);
      log(
        `collection: ${c.objectsPerSecond} objects/s, ${c.requests} requests (${c.idealPages} pages ideal), listing ${c.listMs} ms (${c.listCpuMs} ms CPU, server ${c.serverCpuMs} ms CPU), ` +
          `ideal ${c.idealMs} ms: ${c.ratioToIdeal}x (target <= ${c.target.ratioToIdeal}x: ${c.ratioToIdeal <= c.target.ratioToIdeal ? 'met' : 'MISSED'}); JSON.parse alone ${c.parseFloorMs} ms; ` +
          `seal ${c.sealMs} ms; total ${c.totalMs} ms; peak RSS ${c.peakRssMB} MB`,
      );
    } catch (err) {
      collectFailed = true;
      log(`collection failed: ${(err as Error).message}`);
      process.stdout.write(`${JSON.stringify({ collect: { error: (err as Error).message } })}\n`);
    }
  }
  return [...lines.values()].some((l) => l.error) || collectFailed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 2;
  },
);
