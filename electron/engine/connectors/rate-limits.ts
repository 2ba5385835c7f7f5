/**
 * One rate limiter per connection, shared by everything that calls it: a connection is a connector
 * and the remote's origin, so the live client, a connection test, the network diagnosis and the
 * Tenants page reads of the same remote all wait in the same line. Built once per engine.
 *
 * Decisions:
 * - The limit in use is the connection's saved one: the live connection passes it when it builds
 *   its client (after every save), and a waiting line takes the new limit in place. A diagnostic
 *   passes none: it uses the line as it is (the default until the connection is first used), so
 *   testing unsaved settings never changes the limit the jobs run under.
 * - The log says once when a connection starts being held back (not again within a minute of the
 *   last hold) and once when a 429 pause begins, never per request.
 */
import type { ConnectorId } from '../../../shared/domain/job';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import { DEFAULT_RATE_LIMIT, type RateLimit, type RateLimitView } from '../../../shared/domain/rate-limit';
import { isoInZone, type Clock } from '../clock';
import { createRateLimiter, type RateLimiter } from './http/rate-limit';

const LABELS: Record<ConnectorId, string> = { tascomi: 'Tascomi', 'civica-cx': 'Civica Cx' };

export interface RateLimits {
  /** The limiter of `connector` at `baseUrl`'s origin; `limit` (the saved one) is applied in place when given. */
  limiterFor(connector: ConnectorId, baseUrl: string, limit?: RateLimit): RateLimiter;
  /** What the connector's connections hold back now, for the queue status; undefined when nothing is. */
  view(connector: ConnectorId): RateLimitView | undefined;
  /** The engine is stopping: every wait ends at once, and nothing waits again. */
  close(): void;
}

export function createRateLimits(deps: { clock: Pick<Clock, 'millis' | 'sleep' | 'zone'>; log?: { write(entry: NewLogEntry): unknown } }): RateLimits {
  const { clock } = deps;
  const limiters = new Map<string, { connector: ConnectorId; limiter: RateLimiter }>();
  let stopped = false;
  const stoppedError = (connector: ConnectorId) => new Error(`The ${LABELS[connector]} connection is closed: casebridge is stopping.`);
  const say = (level: 'info' | 'warn', connector: ConnectorId, message: string) => {
    try {
      deps.log?.write({ level, source: connector, message });
    } catch {
      // A log failure must not fail the request waiting for its turn.
    }
  };

  return {
    limiterFor(connector, baseUrl, limit) {
      const origin = originOf(baseUrl);
      const key = `${connector} ${origin}`;
      let entry = limiters.get(key);
      if (!entry) {
        const label = LABELS[connector];
        const limiter = createRateLimiter({
          clock,
          limit: limit ?? DEFAULT_RATE_LIMIT,
          events: {
            onHeld: (now) =>
              say(
                'info',
                connector,
                `${label} requests to ${origin} are held by the rate limit (${now.requestsPerSecond} a second, ${now.maxConcurrent} at once): they wait their turn, nothing is failing.`,
              ),
            onPaused: (untilMs) =>
              say('warn', connector, `${label} at ${origin} answered 429 (too many requests): nothing more is sent to it until ${isoInZone(untilMs, clock.zone)}.`),
          },
        });
        if (stopped) limiter.close(stoppedError(connector));
        entry = { connector, limiter };
        limiters.set(key, entry);
      } else if (limit) entry.limiter.setLimit(limit);
      return entry.limiter;
    },
    view(connector) {
      let held = 0;
      let pausedUntilMs: number | undefined;
      for (const entry of limiters.values()) {
        if (entry.connector !== connector) continue;
        const view = entry.limiter.view();
        if (!view) continue;
        held += view.held;
        if (view.pausedUntilMs !== undefined) pausedUntilMs = Math.max(pausedUntilMs ?? 0, view.pausedUntilMs);
      }
      if (held === 0 && pausedUntilMs === undefined) return undefined;
      return { held, ...(pausedUntilMs !== undefined ? { pausedUntil: isoInZone(pausedUntilMs, clock.zone) } : {}) };
    },
    close() {
      stopped = true;
      for (const { connector, limiter } of limiters.values()) limiter.close(stoppedError(connector));
    },
  };
}

/** The origin requests go to; an address that is not a URL is its own key (the client refuses it before sending). */
function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

/**
 * After a save: the connection's saved limit applies at once, to requests already waiting their turn
 * too. A connection without limits, or settings that cannot be read, change nothing.
 */
export function applySavedLimit(
  rateLimits: Pick<RateLimits, 'limiterFor'> | undefined,
  connector: ConnectorId,
  saved: () => Promise<{ baseUrl: string; rateLimit: RateLimit } | undefined>,
): void {
  if (!rateLimits) return;
  void saved().then(
    (active) => active && rateLimits.limiterFor(connector, active.baseUrl, active.rateLimit),
    () => undefined,
  );
}
