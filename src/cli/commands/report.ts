import { readResults, writeResults } from '../../evaluate/io.js';
import { ensureDir } from '../../util/fs.js';
import type { Io } from '../io.js';
import { summaryText } from '../terminal.js';
import { gateExitCode, outPath, parseFailOn, parseFormats } from './shared.js';

export interface ReportFlags {
  results: string;
  format?: string[];
  out?: string;
  failOn?: string;
  quiet?: boolean;
}

/** Renders a results file; with no --out it prints the terminal summary only. */
export async function reportCommand(flags: ReportFlags, io: Io): Promise<number> {
  const formats = parseFormats(flags.format);
  const failOn = parseFailOn(flags.failOn);
  const results = readResults(flags.results);
  if (flags.out) {
    ensureDir(flags.out);
    if (formats.includes('json')) writeResults(outPath(flags.out, 'results.json'), results);
  }
  if (!flags.quiet) io.stdout(summaryText(results, flags.out));
  return gateExitCode(results, failOn);
}
