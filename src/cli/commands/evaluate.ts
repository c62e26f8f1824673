import { dirname } from 'node:path';
import { writeResults } from '../../evaluate/io.js';
import { assertWritableDir } from '../../util/fs.js';
import { readSnapshot } from '../../snapshot/io.js';
import type { Io } from '../io.js';
import { summaryText } from '../terminal.js';
import { gateExitCode, parseFailOn, prepareEvaluation, type EvaluationFlags } from './shared.js';

export interface EvaluateFlags extends EvaluationFlags {
  snapshot: string;
  out: string;
  failOn?: string;
  quiet?: boolean;
}

export async function evaluateCommand(flags: EvaluateFlags, io: Io): Promise<number> {
  const failOn = parseFailOn(flags.failOn);
  assertWritableDir(dirname(flags.out));
  const evaluation = prepareEvaluation(flags);
  const results = evaluation.run(readSnapshot(flags.snapshot));
  writeResults(flags.out, results);
  if (!flags.quiet) io.stdout(summaryText(results, flags.out));
  return gateExitCode(results, failOn);
}
