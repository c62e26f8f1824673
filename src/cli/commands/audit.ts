import type { LogFormat } from '../../collect/progress.js';
import { collectSnapshot, type SourceOptions } from '../../collect/source.js';
import { rmSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { onInterrupt } from '../interrupt.js';
import { claimRunFolder, prune } from '../../pack/history.js';
import { writePack } from '../../pack/write.js';
import type { Io } from '../io.js';
import { summaryText } from '../terminal.js';
import { collectLog } from './collect.js';
import { gateExitCode, parseAsOf, parseFailOn, parseFormats, prepareEvaluation, type EvaluationFlags } from './shared.js';

export interface AuditFlags extends SourceOptions, EvaluationFlags {
  out?: string;
  history?: string;
  keep?: string;
  format?: string[];
  failOn?: string;
  signKey?: string;
  archive?: boolean;
  quiet?: boolean;
  logFormat?: LogFormat;
}

/** collect → evaluate → an evidence pack (snapshot, results, reports, manifest), then the gate. */
export async function auditCommand(flags: AuditFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format);
  const failOn = parseFailOn(flags.failOn);
  if (!flags.out && !flags.history) throw new UsageError('say where the pack goes: --out DIR, or --history DIR for dated packs');
  if (flags.out && flags.history) throw new UsageError('choose --out or --history, not both');
  const keep = flags.keep === undefined ? undefined : Number(flags.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) throw new UsageError(`--keep takes a whole number of runs of at least 1, not ${JSON.stringify(flags.keep)}`);
  if (keep !== undefined && !flags.history) throw new UsageError('--keep goes with --history');
  const evaluation = prepareEvaluation(flags);
  const snapshot = await collectSnapshot(flags, collectLog(flags, io));
  const results = evaluation.run(snapshot);
  void formats; // results.json is always written; other formats land with the report renderers
  const dir = flags.out ?? claimRunFolder(flags.history!, snapshot.cluster.name, snapshot.collectedAt);
  const release = flags.history ? onInterrupt(() => rmSync(dir, { recursive: true, force: true })) : () => false;
  writePack(
    dir,
    snapshot,
    results,
    [],
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
