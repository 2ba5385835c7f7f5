/**
 * The client-side rate limit of one connection: every request on it waits here for its turn before
 * it is sent, whoever sends it (jobs, the two-way sync, previews, code lists, the Tenants page,
 * diagnostics), so casebridge never calls a remote faster than its saved limit.
 *
 * Decisions:
 * - Starts are spaced, not bucketed: each request starts at least 1/requestsPerSecond after the one
 *   before. So in any 1-second window [t, t + 1 s) at most ceil(requestsPerSecond) requests start,
 *   exactly, even after a quiet spell (a token bucket would let a full bucket out at once, and the
 *   next second's share right after it).
 * - At most maxConcurrent requests are in flight: a place is held from sending until the answer has
 *   been read or the request failed (the caller's release).
 * - First come, first served within a lane: a request never overtakes one of its lane that was
 *   waiting before it, so a long sync poll cannot keep jobs out, nor jobs the sync.
 * - Two lanes: a request a person started and is waiting for (a connection test, the access check,
 *   the network diagnosis) goes ahead of the background work (jobs, the sync) waiting in the same
 *   line, still spaced and counted with it, so a backlog of jobs under a low limit never keeps an IT
 *   officer from testing the connection, or from saving a higher limit (a save tests first). These
 *   are a few requests now and then, so background work never starves.
 * - A waiter's signal (the engine stopping, a poll cut short) ends its wait at once with the
 *   signal's reason, and frees its place in line.
 * - The limit can be changed in place (settings saved): waiters stay in line and the next start is
 *   spaced by the new limit.
 * - A 429 pauses the whole connection (nothing new starts) until the remote's Retry-After, clamped
 *   to MAX_PAUSE_MS (a wrong header must not stop a connection for long; the queue still honours the
 *   full Retry-After for the failed job), or DEFAULT_PAUSE_MS when it gave none.
 * - Waits run on the injected clock, as "until time T", re-checked after every wake: a fake clock's
 *   sleep moves time at once, and a change (a release, a new limit, an abort) wakes the wait early.
 *   A late timer only makes a start later, never closer to the one before: the rate is kept at the
 *   cost of starting slightly under it (about 97 of 100 a second in rate-limit.bench.ts).
 * - Any limit is taken, not only the settings' range (benchmarks lift it with Infinity); the engine
 *   stopping closes the line (close), ending every wait at once.
 */
import type { RateLimit } from '../../../../shared/domain/rate-limit';
import type { Clock } from '../../clock';

export const DEFAULT_PAUSE_MS = 5_000;
export const MAX_PAUSE_MS = 60_000;
/** A backlog within this long of the last one is the same episode: the log says it once. */
export const HELD_QUIET_MS = 60_000;

export interface RateLimiter {
  /**
   * Waits for the request's turn; resolves with its release (idempotent), called once it is over.
   * `ahead`: a person is waiting for it (it goes before the background work in line).
   */
  acquire(signal?: AbortSignal, ahead?: boolean): Promise<() => void>;
  /** The remote answered 429: nothing new starts until `retryAfterMs` (clamped) from now. */
  pauseFor(retryAfterMs: number | undefined): void;
  setLimit(limit: RateLimit): void;
  limit(): RateLimit;
  /** What is held back now; undefined while nothing is held and the connection is not paused. */
  view(): { held: number; pausedUntilMs?: number } | undefined;
  /** Ends every wait, and every later one, with `reason` (the engine is stopping). */
  close(reason: Error): void;
}

/** The same line, for requests a person started and is waiting for: they go ahead of the background work. */
export function aheadOfBackground(limiter: RateLimiter): RateLimiter {
  return { ...limiter, acquire: (signal) => limiter.acquire(signal, true) };
}

export interface RateLimiterEvents {
  /**
   * Requests began to queue for the limit (a line formed, or every place was taken) after a minute
   * without: once per episode. A lone caller waiting out the spacing is not a backlog.
   */
  onHeld?(limit: RateLimit): void;
  /** A 429 pause began (not when one already running is extended). */
  onPaused?(untilMs: number): void;
}

interface Waiter {
  ahead: boolean;
  start(release: () => void): void;
  end(reason: unknown): void;
  signal?: AbortSignal;
  onAbort(): void;
}

export function createRateLimiter(deps: { clock: Pick<Clock, 'millis' | 'sleep'>; limit: RateLimit; events?: RateLimiterEvents }): RateLimiter {
  const { clock, events } = deps;
  let limit = deps.limit;
  let inFlight = 0;
  let lastStartMs = -Infinity;
  let pausedUntilMs = -Infinity;
  let lastBacklogMs = -Infinity;
  const line: Waiter[] = [];
  let pumping = false;
  let wakeController = new AbortController();
  let closed: Error | undefined;

  const wake = () => wakeController.abort();
  const startAtMs = () => Math.max(lastStartMs + 1000 / limit.requestsPerSecond, pausedUntilMs);
  const canStartNow = (nowMs: number) => inFlight < limit.maxConcurrent && nowMs >= startAtMs();

  const start = (nowMs: number): (() => void) => {
    inFlight++;
    lastStartMs = nowMs;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight--;
      wake();
    };
  };

  /** Waits for a change (a release, an abort, a new limit), or until `untilMs` on the clock. */
  const waitForChange = async (untilMs?: number) => {
    const controller = (wakeController = new AbortController());
    if (untilMs === undefined) await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }));
    else await clock.sleep(untilMs - clock.millis(), controller.signal);
  };

  // One loop lets the line out in order; it ends when the line is empty.
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (line.length > 0) {
        const nowMs = clock.millis();
        if (inFlight >= limit.maxConcurrent) await waitForChange();
        else if (nowMs < startAtMs()) await waitForChange(startAtMs());
        else {
          const waiter = line.shift()!;
          waiter.signal?.removeEventListener('abort', waiter.onAbort);
          waiter.start(start(nowMs));
        }
      }
    } finally {
      pumping = false;
    }
  };

  return {
    acquire(signal, ahead = false) {
      if (closed) return Promise.reject(closed);
      if (signal?.aborted) return Promise.reject(signal.reason);
      const nowMs = clock.millis();
      if (line.length === 0 && canStartNow(nowMs)) return Promise.resolve(start(nowMs));
      return new Promise<() => void>((resolve, reject) => {
        const waiter: Waiter = {
          ahead,
          start: resolve,
          end: reject,
          signal,
          onAbort: () => {
            const at = line.indexOf(waiter);
            if (at >= 0) line.splice(at, 1);
            reject(signal!.reason);
            wake();
          },
        };
        signal?.addEventListener('abort', waiter.onAbort, { once: true });
        if (line.length > 0 || inFlight >= limit.maxConcurrent) {
          if (nowMs - lastBacklogMs > HELD_QUIET_MS) events?.onHeld?.(limit);
          lastBacklogMs = nowMs;
        }
        // Behind every request of its lane that was waiting before it; ahead of the background.
        const behind = ahead ? line.findIndex((w) => !w.ahead) : -1;
        if (behind >= 0) line.splice(behind, 0, waiter);
        else line.push(waiter);
        void pump();
      });
    },
    pauseFor(retryAfterMs) {
      const nowMs = clock.millis();
      const wait = Math.min(Math.max(0, retryAfterMs ?? DEFAULT_PAUSE_MS), MAX_PAUSE_MS);
      if (nowMs + wait <= pausedUntilMs) return;
      const began = pausedUntilMs <= nowMs;
      pausedUntilMs = nowMs + wait;
      if (began) events?.onPaused?.(pausedUntilMs);
      wake();
    },
    setLimit(next) {
      limit = next;
      wake();
    },
    limit: () => limit,
    close(reason) {
      closed = reason;
      for (const waiter of line.splice(0)) {
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.end(reason);
      }
      wake();
    },
    view() {
      const paused = pausedUntilMs > clock.millis();
      if (line.length === 0 && !paused) return undefined;
      return { held: line.length, ...(paused ? { pausedUntilMs } : {}) };
    },
  };
}
