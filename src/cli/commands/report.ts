import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { readResults, writeResults } from '../../evaluate/io.js';
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
}

/** Renders a results file; with no --out it prints the terminal summary only. */
export async function reportCommand(flags: ReportFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format);
  const failOn = parseFailOn(flags.failOn);
  const paper = parsePaper(flags.paper);
  const reports = reportFormats(formats);
  if (reports.length && !flags.out) throw new UsageError(`--format ${reports.join(',')} writes files: give --out DIR`);
  if (flags.out) assertWritableDir(flags.out);
  const results = readResults(flags.results);
  if (flags.out) {
    ensureDir(flags.out);
    if (formats.includes('json')) writeResults(outPath(flags.out, 'results.json'), results);
    // The digest printed in the reports is that of the very file they were drawn from.
    if (reports.length) {
      const { sha256Of, writeReports } = await import('../../report/index.js');
      await writeReports(flags.out, results, { formats: reports, paper, resultsDigest: sha256Of(readFileSync(flags.results)) });
    }
  }
  if (!flags.quiet) io.stdout(summaryText(results, flags.out));
  return gateExitCode(results, failOn);
}
