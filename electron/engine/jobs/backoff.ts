/**
 * Retry delays: exponential backoff with FULL jitter (AWS "exponential backoff and jitter"):
 * `random(0, min(cap, base * 2^(attempt-1)))`. Full jitter spreads the retries of many jobs that
 * failed together (the remote went down) instead of sending them back in one wave.
 */

export interface BackoffSettings {
  baseMs: number;
  capMs: number;
  /**
   * A remote's Retry-After is honoured as a floor, but clamped: a wrong or hostile header must not
   * park a job for days.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffSettings> = { baseMs: 2_000, capMs: 5 * 60_000, maxRetryAfterMs: 60 * 60_000 };

/** Returns a number in [0, 1), like Math.random; injected so tests are deterministic. */
export type Random = () => number;

/**
 * The delay before the next attempt, after `attempt` attempts have been made (1-based).
 * `retryAfterMs` (from the remote) is a floor: we never come back sooner than it asked.
 */
export function backoffDelay(attempt: number, settings: BackoffSettings = DEFAULT_BACKOFF, random: Random = Math.random, retryAfterMs?: number): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^(n-1) overflows to Infinity for large n, which min() then caps; no special case needed.
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** (n - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  const jittered = Math.floor(r * ceiling);
  const floor = retryAfterMs !== undefined && retryAfterMs > 0 ? Math.min(retryAfterMs, settings.maxRetryAfterMs) : 0;
  return Math.max(jittered, floor);
}

/** A small seeded generator (mulberry32) for tests and reproducible runs. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
