import type { LogFormat } from '../../collect/progress.js';
import { collectSnapshot, type SourceOptions } from '../../collect/source.js';
import { rmSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { assertWritableDir } from '../../util/fs.js';
import { onInterrupt } from '../interrupt.js';
import { claimRunFolder, prune } from '../../pack/history.js';
import { historyTrend } from '../../pack/trend.js';
import { writePack } from '../../pack/write.js';
import { resultsText } from '../../evaluate/io.js';
import type { PreparedReport } from '../../report/index.js';
import { createRenderLog, silentRenderLog } from '../../report/progress.js';
import type { Io } from '../io.js';
import { summaryText } from '../terminal.js';
import { collectLog } from './collect.js';
import { gateExitCode, parseAsOf, parseFailOn, parseFormats, parsePaper, prepareEvaluation, reportFormats, type EvaluationFlags } from './shared.js';

export interface AuditFlags extends SourceOptions, EvaluationFlags {
  out?: string;
  history?: string;
  keep?: string;
  format?: string[];
  failOn?: string;
  signKey?: string;
  archive?: boolean;
  paper?: string;
  quiet?: boolean;
  logFormat?: LogFormat;
}

/** collect → evaluate → an evidence pack (snapshot, results, reports, manifest), then the gate. */
export async function auditCommand(flags: AuditFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format);
  const failOn = parseFailOn(flags.failOn);
  const paper = parsePaper(flags.paper);
  if (!flags.out && !flags.history) throw new UsageError('say where the pack goes: --out DIR, or --history DIR for dated packs');
  if (flags.out && flags.history) throw new UsageError('choose --out or --history, not both');
  const keep = flags.keep === undefined ? undefined : Number(flags.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) throw new UsageError(`--keep takes a whole number of runs of at least 1, not ${JSON.stringify(flags.keep)}`);
  if (keep !== undefined && !flags.history) throw new UsageError('--keep goes with --history');
  assertWritableDir(flags.out ?? flags.history!);
  const evaluation = prepareEvaluation(flags);
  const snapshot = await collectSnapshot(flags, collectLog(flags, io));
  const results = evaluation.run(snapshot);
  // results.json is always written; the reports are rendered before the pack so the manifest hashes them.
  const wanted = reportFormats(formats);
  let reports: PreparedReport[] = [];
  if (wanted.length) {
    // The renderers (pdfkit, Handlebars, fonts) load only when a report is asked for.
    const { prepareReports, sha256Of } = await import('../../report/index.js');
    const trend = flags.history ? historyTrend(flags.history, results) : undefined;
    const log = flags.quiet ? silentRenderLog : createRenderLog((s) => io.stderr(s), flags.logFormat ?? 'text');
    reports = await prepareReports(results, { formats: wanted, paper, resultsDigest: sha256Of(`${resultsText(results)}\n`), ...(trend ? { trend } : {}), log });
  }
  const dir = flags.out ?? claimRunFolder(flags.history!, snapshot.cluster.name, snapshot.collectedAt);
  const release = flags.history ? onInterrupt(() => rmSync(dir, { recursive: true, force: true })) : () => false;
  writePack(
    dir,
    snapshot,
    results,
    reports,
    {
      ...(flags.waivers ? { waivers: flags.waivers } : {}),
      ...(flags.config ? { config: flags.config } : {}),
      ...(flags.controls ? { controls: flags.controls } : {}),
      ...(flags.framework?.length ? { frameworks: flags.framework } : {}),
      ...(flags.asOf ? { asOf: parseAsOf(flags.asOf)! } : {}),
    },
    { ...(flags.signKey ? { signKey: flags.signKey } : {}), ...(flags.archive ? { archive: true } : {}) },
  );
  release();
  if (flags.history && keep !== undefined) prune(flags.history, snapshot.cluster.name, keep);
  if (!flags.quiet) io.stdout(summaryText(results, dir));
  return gateExitCode(results, failOn);
}
