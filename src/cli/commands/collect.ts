import { createCollectLog, silentLog, type CollectLog, type LogFormat } from '../../collect/progress.js';
import { collectSnapshot, type SourceOptions } from '../../collect/source.js';
import { dirname } from 'node:path';
import { writeSnapshot } from '../../snapshot/io.js';
import { assertWritableDir } from '../../util/fs.js';
import type { Io } from '../io.js';
import { inert } from '../terminal.js';

export interface CollectFlags extends SourceOptions {
  out: string;
  quiet?: boolean;
  logFormat?: LogFormat;
}

/** Progress of a live collection on stderr: nothing with --quiet. */
export function collectLog(flags: { quiet?: boolean; logFormat?: LogFormat }, io: Io): CollectLog {
  if (flags.quiet) return silentLog;
  return createCollectLog({ write: (s) => io.stderr(s), isTTY: io.isTTY }, flags.logFormat ?? 'text', inert);
}

export async function collectCommand(flags: CollectFlags, io: Io): Promise<number> {
  assertWritableDir(dirname(flags.out));
  const snapshot = await collectSnapshot(flags, collectLog(flags, io));
  writeSnapshot(flags.out, snapshot);
  if (!flags.quiet) {
    const gaps = snapshot.coverage.filter((c) => c.status === 'forbidden' || c.status === 'error');
    io.stdout(
      `snapshot of ${inert(snapshot.cluster.name)}: ${snapshot.objects.length} objects, ${gaps.length} coverage gap${gaps.length === 1 ? '' : 's'}\n` +
        `digest ${snapshot.digest}\nwritten to ${inert(flags.out)}\n`,
    );
  }
  return 0;
}
