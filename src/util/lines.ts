import { readSync } from 'node:fs';

const CHUNK = 16 * 1024 * 1024;

/**
 * Calls `onLine` with each line of an open file (without its `\n`), reading a chunk at a time so
 * that files longer than the longest string V8 holds can be read. The bytes passed are valid only
 * during the call. Stops early, returning false, when `onLine` returns false. `onChunk` sees every
 * byte read, in order (to hash the file as it is read). Read errors are thrown as they come (the
 * caller names the file).
 */
export function eachLine(fd: number, onLine: (bytes: Buffer) => boolean, onChunk?: (bytes: Buffer) => void): boolean {
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry = Buffer.alloc(0);
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, null);
    if (n > 0) onChunk?.(buf.subarray(0, n));
    const data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
    let pos = 0;
    for (let nl = data.indexOf(10, pos); nl >= 0; nl = data.indexOf(10, pos)) {
      if (!onLine(data.subarray(pos, nl))) return false;
      pos = nl + 1;
    }
    carry = Buffer.from(data.subarray(pos));
    if (n === 0) break;
  }
  if (carry.length) return onLine(carry);
  return true;
}

/** eachLine over bytes already in memory. */
export function eachLineOf(data: Buffer, onLine: (bytes: Buffer) => boolean): boolean {
  let pos = 0;
  for (let nl = data.indexOf(10, pos); nl >= 0; nl = data.indexOf(10, pos)) {
    if (!onLine(data.subarray(pos, nl))) return false;
    pos = nl + 1;
  }
  return pos < data.length ? onLine(data.subarray(pos)) : true;
}
