/**
 * What the benchmarks share: a real engine on a data folder, as the headless host builds it (the
 * system clock, secrets in an owner-only file).
 */
import { join } from 'node:path';
import type { RateLimit } from '../../shared/domain/rate-limit';
import { systemClock, type Clock } from '../../electron/engine/clock';
import { createRateLimits, type RateLimits } from '../../electron/engine/connectors/rate-limits';
import { createEngine, type Engine } from '../../electron/engine/engine';
import type { PeopleOptions } from '../../electron/engine/people/people-system';
import { createFileSecretStore, ownerOnlyFileCipher } from '../../electron/engine/secrets';

/** A limit no run reaches: the limiter stays in every request's path, and never holds one back. */
export const LIFTED_RATE_LIMIT: RateLimit = { requestsPerSecond: Infinity, maxConcurrent: Infinity };

/**
 * Rate limits that give every connection `limit` whatever its saved one, so a benchmark can measure
 * the engine itself (LIFTED_RATE_LIMIT) or the limiter above the settings' maximum of 50 a second.
 */
export function fixedRateLimits(limit: RateLimit, clock: Clock = systemClock()): RateLimits {
  const limits = createRateLimits({ clock });
  return { ...limits, limiterFor: (connector, baseUrl) => limits.limiterFor(connector, baseUrl, limit) };
}

/**
 * `rateLimits`: the connections' (default: each connection's saved limit, as in production).
 * `people`: the accounts' options (default: production's scrypt and session timeouts).
 */
export function benchEngine(dataDir: string, options: { startWorkers?: boolean; rateLimits?: RateLimits; people?: PeopleOptions } = {}): Engine {
  return createEngine({
    dataDir,
    host: 'headless',
    version: 'bench',
    clock: systemClock(),
    secrets: createFileSecretStore(join(dataDir, 'secrets.json'), ownerOnlyFileCipher),
    ...options,
  });
}
