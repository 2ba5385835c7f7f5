/**
 * How fast casebridge may call one remote system: requests started per second and requests in
 * flight at once, shared by everything that calls that connection (jobs, two-way sync, previews,
 * code lists, the Tenants page, diagnostics). Tascomi publishes no limit but blocks heavy callers
 * (Hackney cut its workers from 12 to 6 after being "blocked out of the Tascomi API"), and Civica
 * Cx publishes none either, so the defaults are conservative and each connection has its own.
 */
import { z } from 'zod';

export const RateLimitSchema = z
  .object({
    /** Requests started per second, averaged; fractions allowed (0.5 = one every two seconds). */
    requestsPerSecond: z.number().min(0.1, 'must be at least 0.1 a second').max(50, 'must be at most 50 a second'),
    /** Requests waiting for their answer at once. */
    maxConcurrent: z.number().int('must be a whole number').min(1, 'must be at least 1').max(16, 'must be at most 16'),
  })
  .strict();
export type RateLimit = z.infer<typeof RateLimitSchema>;

/** Half of what Hackney's ingestion ran after it was blocked (6 workers), and 5 requests a second. */
export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 5, maxConcurrent: 3 };

/** Settings stored before the limit existed read as the default, never as unreadable settings. */
export const StoredRateLimitSchema = RateLimitSchema.default(DEFAULT_RATE_LIMIT);

/** What the queue status says of a connection's limit while it holds work back. */
export interface RateLimitView {
  /** Requests waiting for the limit now (not yet sent). */
  held: number;
  /** The remote asked us to wait (429 with Retry-After): nothing is sent on this connection until then. */
  pausedUntil?: string;
}
