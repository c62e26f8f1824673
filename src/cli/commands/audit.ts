import { collectSnapshot, type SourceOptions } from '../../collect/source.js';
import { resultsText, writeResults } from '../../evaluate/io.js';
import { sha256Of, writeReports } from '../../report/index.js';
import { writeSnapshot } from '../../snapshot/io.js';
import { ensureDir } from '../../util/fs.js';
import type { Io } from '../io.js';
import { summaryText } from '../terminal.js';
import { gateExitCode, outPath, parseFailOn, parseFormats, parsePaper, prepareEvaluation, reportFormats, type EvaluationFlags } from './shared.js';

export interface AuditFlags extends SourceOptions, EvaluationFlags {
  out: string;
  format?: string[];
  failOn?: string;
  paper?: string;
  quiet?: boolean;
}

/** collect → snapshot.json → evaluate → results.json (+ reports), then the gate. */
export async function auditCommand(flags: AuditFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format);
  const failOn = parseFailOn(flags.failOn);
  const paper = parsePaper(flags.paper);
  const evaluation = prepareEvaluation(flags);
  ensureDir(flags.out);
  const snapshot = await collectSnapshot(flags);
  const results = evaluation.run(snapshot);
  if (!flags.snapshot) writeSnapshot(outPath(flags.out, 'snapshot.json'), snapshot);
  // results.json is written whatever --format says: automation relies on it.
  writeResults(outPath(flags.out, 'results.json'), results);
  const reports = reportFormats(formats);
  if (reports.length) {
    await writeReports(flags.out, results, { formats: reports, paper, resultsDigest: sha256Of(`${resultsText(results)}\n`) });
  }
  if (!flags.quiet) io.stdout(summaryText(results, flags.out));
  return gateExitCode(results, failOn);
}
