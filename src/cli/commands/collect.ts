import { collectSnapshot, type SourceOptions } from '../../collect/source.js';
import { writeSnapshot } from '../../snapshot/io.js';
import type { Io } from '../io.js';
import { inert } from '../terminal.js';

export interface CollectFlags extends SourceOptions {
  out: string;
  quiet?: boolean;
}

export async function collectCommand(flags: CollectFlags, io: Io): Promise<number> {
  const snapshot = await collectSnapshot(flags);
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
