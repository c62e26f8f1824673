import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';
import { describeFsError, ensureDir } from './fs.js';

/**
 * Like writeOutput, for documents too large to hold as one string (a 100k-pod snapshot): the
 * chunks go to a temporary file beside the target, which is renamed into place only when
 * complete. On any failure the temporary file is removed and the target is left as it was.
 */
export function writeOutputChunks(path: string, chunks: Iterable<string>): void {
  ensureDir(dirname(path));
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    let buffered: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      buffered.push(chunk);
      size += chunk.length;
      if (size > 1 << 20) {
        writeSync(fd, buffered.join(''));
        buffered = [];
        size = 0;
      }
    }
    if (buffered.length) writeSync(fd, buffered.join(''));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* it may never have been created */
    }
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot write ${path}: ${describeFsError(err)}`);
  }
}
