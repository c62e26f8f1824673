import { accessSync, constants, mkdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { InputError, UsageError } from '../errors.js';

/**
 * Writes through a temporary file in the same folder and a rename, so a reader (or an earlier
 * result at the same path) never sees half a file.
 */
export function writeOutput(path: string, data: string | Buffer, mode?: number): void {
  ensureDir(dirname(path));
  try {
    writeFileAtomic.sync(path, data, { fsync: true, ...(mode !== undefined ? { mode } : {}) });
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${describeFsError(err)}`);
  }
}

export function ensureDir(dir: string): void {
  try {
    const st = statSync(dir, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) throw new UsageError(`output folder ${dir} is a file, not a folder`);
    if (!st) mkdirSync(dir, { recursive: true });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot create output folder ${dir}: ${describeFsError(err)}`);
  }
}

/**
 * Checks, before any work is done, that files can be written in dir (or that dir can be created in
 * its nearest existing parent), so that an output folder that is a file or is not writable is said
 * at once and not after a ten-minute collection and a PDF render. Creates nothing: a run that fails later leaves no
 * empty folder behind. The writes themselves stay checked too (permissions can change meanwhile).
 */
export function assertWritableDir(dir: string): void {
  let at = resolve(dir);
  for (;;) {
    const st = statOrNothing(at);
    if (st) {
      if (!st.isDirectory()) {
        throw new UsageError(at === resolve(dir) ? `output folder ${dir} is a file, not a folder` : `cannot create output folder ${dir}: ${describeFsError({ code: 'ENOTDIR' })}`);
      }
      try {
        accessSync(at, constants.W_OK | constants.X_OK);
      } catch (err) {
        const what = at === resolve(dir) ? `output folder ${dir} is not writable` : `cannot create output folder ${dir}`;
        throw new UsageError(`${what}: ${describeFsError(err)}`);
      }
      return;
    }
    const parent = dirname(at);
    if (parent === at) return;
    at = parent;
  }
}

/** Nothing there (or a file where a folder was expected above it): undefined, not an exception. */
function statOrNothing(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new UsageError(`cannot check output folder ${path}: ${describeFsError(err)}`);
  }
}

export function readInput(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${what}: ${describeFsError(err)}`, { file: path });
  }
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, expected a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ELOOP':
      return 'too many symbolic links (a loop?)';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return code ?? (err instanceof Error ? err.message : String(err));
  }
}
