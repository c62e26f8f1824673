/**
 * When and how long to wait before asking the API server again. Throttling (429) and server
 * errors (5xx) are transient on a busy control plane; a connection reset or a timeout is too.
 * Everything else (401, 403, 404, 410, 4xx) is an answer, not a hiccup.
 */

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First backoff step in milliseconds; doubled each retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 30_000 };

export function isRetriableStatus(code: number): boolean {
  return code === 429 || code === 500 || code === 502 || code === 503 || code === 504;
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential with "equal jitter",
 * half fixed and half random, so that many clients throttled together do not come back together
 * and no wait collapses to zero.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3), in milliseconds; undefined if absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** The server's Retry-After, when it gives one, wins over our own schedule: it knows its load. */
export function retryDelay(retry: number, policy: RetryPolicy, retryAfter: number | undefined, random?: () => number): number {
  return retryAfter ?? backoffDelay(retry, policy, random);
}

/** Sleeps, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
