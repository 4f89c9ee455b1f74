/** How the CRM client waits and retries, and what it reports while it does. */

export interface RetryPolicy {
  /** A request (answer included) taking longer is abandoned and retried. */
  readonly timeoutMs: number;
  /** Retries after a 5xx, a timeout or a dropped connection. */
  readonly retries: number;
  /** First backoff; doubled at each retry (1 s, 2 s, 4 s, ... by default). */
  readonly backoffMs: number;
  /** A Retry-After longer than this stops the run instead of waiting. */
  readonly maxWaitMs: number;
  /** 429 answers in a row on one request before giving up. */
  readonly rateLimitRetries: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  timeoutMs: 60_000,
  retries: 5,
  backoffMs: 1_000,
  maxWaitMs: 15 * 60_000,
  rateLimitRetries: 20,
};

/** A wait before a retry, reported so a log says why the run paused. */
export interface WaitEvent {
  readonly method: string;
  readonly path: string;
  readonly reason: 'rate limit' | 'server error' | 'timeout' | 'connection';
  readonly status?: number;
  /** How long, and whether the server said so (Retry-After) or backoff chose it. */
  readonly waitMs: number;
  readonly retryAfter: boolean;
  readonly attempt: number;
}

export interface HttpOptions {
  readonly retry?: Partial<RetryPolicy>;
  /** How to wait; tests pass one that records the delays. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onWait?: (event: WaitEvent) => void;
}

/**
 * Milliseconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC 9110);
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
