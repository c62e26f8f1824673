import type { LogFormat } from '../../collect/progress.js';
import { UsageError } from '../../errors.js';
import type { PreparedReport } from '../../report/index.js';
import { createRenderLog, silentRenderLog } from '../../report/progress.js';
import { readResultsFile, writeResults } from '../../evaluate/io.js';
import { assertWritableDir, ensureDir } from '../../util/fs.js';
import type { Io } from '../io.js';
import { summaryText } from '../terminal.js';
import { gateExitCode, outPath, parseFailOn, parseFormats, parsePaper, reportFormats } from './shared.js';

export interface ReportFlags {
  results: string;
  format?: string[];
  out?: string;
  failOn?: string;
  paper?: string;
  quiet?: boolean;
  logFormat?: LogFormat;
}

/** Renders a results file; with no --out it prints the terminal summary only. */
export async function reportCommand(flags: ReportFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format);
  const failOn = parseFailOn(flags.failOn);
  const paper = parsePaper(flags.paper);
  const reports = reportFormats(formats);
  if (reports.length && !flags.out) throw new UsageError(`--format ${reports.join(',')} writes files: give --out DIR`);
  if (flags.out) assertWritableDir(flags.out);
  const { results, digest } = readResultsFile(flags.results);
  if (flags.out) {
    // Everything is rendered before anything is written: an interrupted or failed render leaves
    // the folder as it was, not a new results.json beside an old report.
    let prepared: PreparedReport[] = [];
    if (reports.length) {
      const { prepareReports } = await import('../../report/index.js');
      const log = flags.quiet ? silentRenderLog : createRenderLog((s) => io.stderr(s), flags.logFormat ?? 'text');
      // The digest printed in the reports is that of the very file they were drawn from.
      prepared = await prepareReports(results, { formats: reports, paper, resultsDigest: digest, log });
    }
    ensureDir(flags.out);
    if (formats.includes('json')) writeResults(outPath(flags.out, 'results.json'), results);
    for (const r of prepared) r.write(outPath(flags.out, r.path));
  }
  if (!flags.quiet) io.stdout(summaryText(results, flags.out));
  return gateExitCode(results, failOn);
}
