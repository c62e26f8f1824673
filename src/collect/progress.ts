import type { CoverageEntry } from '../snapshot/types.js';

/**
 * What the collector says while it works. Messages carry kinds, counts, status lines and the
 * server's one-line Status message: never a response body, a header or a credential.
 */
export interface CollectLog {
  start(info: { server: string; context: string; kinds: number }): void;
  /** Objects received for a kind since the last call (negative when a list restarts). */
  progress(kind: string, added: number): void;
  retry(what: string, reason: string, delayMs: number, nextAttempt: number, attempts: number): void;
  restart(what: string, reason: string): void;
  kindDone(entry: CoverageEntry, stats: { requests: number; ms: number }): void;
  finish(summary: { objects: number; requests: number; ms: number; gaps: number }): void;
}

export const silentLog: CollectLog = {
  start() {},
  progress() {},
  retry() {},
  restart() {},
  kindDone() {},
  finish() {},
};

export type LogFormat = 'text' | 'json';

export interface LogTarget {
  write(text: string): void;
  /** A terminal: progress is one line rewritten in place. */
  isTTY: boolean;
}

/** Text on a terminal, one line per event elsewhere (CI), JSON lines with --log-format json. */
export function createCollectLog(target: LogTarget, format: LogFormat, clean: (s: string) => string = (s) => s): CollectLog {
  if (format === 'json') return jsonLog(target);
  return target.isTTY ? ttyLog(target, clean) : lineLog(target, clean);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function describeEntry(e: CoverageEntry): string {
  return e.status === 'collected' ? `${e.count} object${e.count === 1 ? '' : 's'}` : `${e.status}${e.message ? `: ${e.message}` : ''}`;
}

function lineLog(target: LogTarget, clean: (s: string) => string): CollectLog {
  const say = (s: string): void => target.write(`kubeproof: ${clean(s)}\n`);
  return {
    start: (i) => say(`collecting ${i.kinds} kinds from ${i.server} (context ${i.context})`),
    progress() {},
    retry: (what, reason, delay, next, attempts) => say(`${what}: ${reason}; retrying in ${seconds(delay)} (attempt ${next} of ${attempts})`),
    restart: (what, reason) => say(`${what}: ${reason}; restarting the list`),
    kindDone: (e, s) => say(`${e.kind}: ${describeEntry(e)} (${s.requests} request${s.requests === 1 ? '' : 's'}, ${seconds(s.ms)})`),
    finish: (f) => say(`collected ${f.objects} objects in ${seconds(f.ms)} with ${f.requests} requests; ${f.gaps} coverage gap${f.gaps === 1 ? '' : 's'}`),
  };
}

function jsonLog(target: LogTarget): CollectLog {
  const emit = (event: string, fields: Record<string, unknown>): void =>
    target.write(`${JSON.stringify({ time: new Date().toISOString(), level: event === 'retry' || event === 'restart' ? 'warn' : 'info', event, ...fields })}\n`);
  return {
    start: (i) => emit('start', i),
    progress() {},
    retry: (what, reason, delayMs, attempt, attempts) => emit('retry', { what, reason, delayMs, attempt, attempts }),
    restart: (what, reason) => emit('restart', { what, reason }),
    kindDone: (e, s) => emit('kind', { ...e, ...s }),
    finish: (f) => emit('finish', f),
  };
}

/** One status line, rewritten at most every 100 ms: kinds done, objects so far, the largest kinds. */
function ttyLog(target: LogTarget, clean: (s: string) => string): CollectLog {
  const counts = new Map<string, number>();
  let kinds = 0;
  let done = 0;
  let last = 0;
  let shown = false;
  const draw = (force = false): void => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    let total = 0;
    for (const n of counts.values()) total += n;
    const top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    target.write(`\r\x1b[K${clean(`collecting: ${done}/${kinds} kinds, ${total} objects${top ? ` (${top})` : ''}`)}`);
    shown = true;
  };
  const above = (s: string): void => {
    target.write(`${shown ? '\r\x1b[K' : ''}kubeproof: ${clean(s)}\n`);
    shown = false;
    draw(true);
  };
  return {
    start: (i) => {
      kinds = i.kinds;
      target.write(`kubeproof: ${clean(`collecting from ${i.server} (context ${i.context})`)}\n`);
    },
    progress: (kind, added) => {
      counts.set(kind, (counts.get(kind) ?? 0) + added);
      draw();
    },
    retry: (what, reason, delay, next, attempts) => above(`${what}: ${reason}; retrying in ${seconds(delay)} (attempt ${next} of ${attempts})`),
    restart: (what, reason) => above(`${what}: ${reason}; restarting the list`),
    kindDone: (e) => {
      done++;
      counts.set(e.kind, e.count);
      if (e.status === 'forbidden' || e.status === 'error') above(`${e.kind}: ${describeEntry(e)}`);
      else draw();
    },
    finish: (f) => {
      target.write(`${shown ? '\r\x1b[K' : ''}kubeproof: ${clean(`collected ${f.objects} objects in ${seconds(f.ms)} with ${f.requests} requests; ${f.gaps} coverage gap${f.gaps === 1 ? '' : 's'}`)}\n`);
      shown = false;
    },
  };
}
