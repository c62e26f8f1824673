import { UsageError } from '../../errors.js';
import { latestPacks, rollup } from '../../rollup/rollup.js';
import { rollupHtml, rollupMarkdown } from '../../rollup/render.js';
import { writeOutput } from '../../util/fs.js';
import type { Io } from '../io.js';

export interface RollupFlags {
  history?: string;
  format?: string;
  out?: string;
}

export const ROLLUP_FORMATS: readonly string[] = ['html', 'md', 'json'];

export function rollupCommand(packs: string[], flags: RollupFlags, io: Io): number {
  const format = flags.format ?? 'md';
  if (!ROLLUP_FORMATS.includes(format)) throw new UsageError(`unknown --format ${format} (available: ${ROLLUP_FORMATS.join(', ')})`);
  if (format === 'html' && !flags.out) throw new UsageError('--format html needs --out FILE');
  const paths = [...packs, ...(flags.history ? latestPacks(flags.history) : [])];
  if (!paths.length) throw new UsageError(flags.history ? `history folder ${flags.history} holds no complete pack` : 'rollup takes one or more packs, or --history DIR');
  const result = rollup(paths, flags.out ? { out: flags.out } : {});
  const text = format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : format === 'html' ? rollupHtml(result) : rollupMarkdown(result);
  if (flags.out) writeOutput(flags.out, text);
  else io.stdout(text);
  return 0;
}
