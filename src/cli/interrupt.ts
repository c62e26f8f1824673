/**
 * Work to undo if the run is interrupted (a claimed history folder that holds no complete pack).
 * Commands register and release; the entry file runs what is left when a signal arrives.
 */
const cleanups = new Set<() => void>();

export function onInterrupt(fn: () => void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export function runCleanups(): void {
  for (const fn of [...cleanups]) {
    try {
      fn();
    } catch {
      /* best effort: we are exiting */
    }
  }
  cleanups.clear();
}
