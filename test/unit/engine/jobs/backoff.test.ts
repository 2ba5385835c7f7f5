import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, seededRandom } from '../../../../electron/engine/jobs/backoff';

describe('backoffDelay', () => {
  it('stays within [0, min(cap, base * 2^(attempt-1))), and at least Retry-After (clamped)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.option(fc.integer({ min: 0, max: 10 * 3_600_000 }), { nil: undefined }),
        (attempt, r, baseMs, capMs, retryAfterMs) => {
          const settings = { baseMs, capMs, maxRetryAfterMs: 3_600_000 };
          const delay = backoffDelay(attempt, settings, () => r, retryAfterMs);
          const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
          const floor = Math.min(retryAfterMs ?? 0, settings.maxRetryAfterMs);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(floor);
          expect(delay).toBeLessThanOrEqual(Math.max(floor, ceiling));
          if (floor === 0) expect(delay).toBeLessThan(Math.max(ceiling, 1));
        },
      ),
    );
  });

  it('grows exponentially up to the cap (random at its top)', () => {
    const top = () => 0.999999;
    const delays = [1, 2, 3, 4, 10, 50].map((a) => backoffDelay(a, DEFAULT_BACKOFF, top));
    expect(delays.slice(0, 4)).toEqual([1999, 3999, 7999, 15999]);
    expect(delays[4]).toBe(299_999);
    expect(delays[5]).toBe(299_999);
  });

  it('is full jitter: the same attempt spreads over its whole range', () => {
    const random = seededRandom(1);
    const samples = Array.from({ length: 2000 }, () => backoffDelay(8, DEFAULT_BACKOFF, random));
    expect(Math.min(...samples)).toBeLessThan(256_000 * 0.05);
    expect(Math.max(...samples)).toBeGreaterThan(256_000 * 0.95);
  });

  it('seededRandom is deterministic and in [0, 1)', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
