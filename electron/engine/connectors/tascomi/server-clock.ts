/**
 * Tascomi checks the signing minute against its own clock, so we sign with the SERVER's time, not
 * ours: every answer's `Date` header tells us roughly what the server's clock said. And we never
 * sign close to a minute boundary, where transit time or our remaining error could move the
 * server into the next (or previous) minute.
 *
 * Estimating the offset (server - local): `Date` is the server's time truncated to the second,
 * stamped at some moment between our send (s) and receive (r). So the true offset lies in
 * [D - r, D + 1000 - s]. One sample gives a window about a second wide (its midpoint is the
 * "midpoint of send and receive" estimate); intersecting the windows of recent samples narrows it,
 * because the server's second ticks at different phases of our requests. We intersect from the
 * newest sample backwards and stop at the first one that disagrees, so a step in either clock (the
 * server corrected, this PC resumed from sleep) is followed at once rather than averaged away.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../../clock';

export const DEFAULT_BOUNDARY_MARGIN_MS = 1500;
const MINUTE_MS = 60_000;

export interface ServerClockOptions {
  clock: Clock;
  /** Keep signing at least this far from a minute boundary, either side (a setting). */
  boundaryMarginMs?: number;
  /** How many recent samples may narrow the estimate. */
  windowSize?: number;
  /** Samples older than this (by our clock) no longer count: clocks drift. */
  maxSampleAgeMs?: number;
  /** Upper limit on the transit allowance added before a boundary, so a slow answer cannot stall every request. */
  maxLatencyAllowanceMs?: number;
}

export interface OffsetBounds {
  /** Lowest and highest offset (server - local, ms) consistent with the samples. */
  lo: number;
  hi: number;
  samples: number;
}

export interface ServerClock {
  /** Records one answer: its Date header and when (by our clock, epoch ms) we sent and received. Returns false if Date was unusable. */
  observe(dateHeader: string | null | undefined, sentAtMs: number, receivedAtMs: number): boolean;
  /** Best estimate of server - local in ms (0 before any answer). */
  offsetMs(): number;
  /** Half the width of the window of consistent offsets (0 before any answer). */
  uncertaintyMs(): number;
  bounds(): OffsetBounds | null;
  /** Our clock corrected to the server's, in the clock's zone. */
  correctedNow(): DateTime;
  /** The same instant as correctedNow(), in epoch ms, without building a DateTime (every request signs with it). */
  correctedMillis(): number;
  /**
   * Waits on the clock until signing now is safely away from a minute boundary; returns ms waited.
   * Ends early when `signal` aborts (the caller then stops too).
   */
  waitForSafeMoment(signal?: AbortSignal): Promise<number>;
  /** How much margin the guard keeps before and after a boundary right now. */
  guardWindow(): { beforeMs: number; afterMs: number };
  readonly boundaryMarginMs: number;
  reset(): void;
}

interface Sample {
  lo: number;
  hi: number;
  receivedAtMs: number;
  rttMs: number;
}

/** Parses an HTTP Date header (IMF-fixdate, or anything Date.parse reads) to epoch ms. */
export function parseHttpDate(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Position of an instant within its minute. Every zone in use today is a whole number of minutes
 * from UTC, so minute boundaries in the instance zone are minute boundaries in UTC.
 */
export function minutePosition(epochMs: number): { sincePreviousMs: number; untilNextMs: number } {
  const since = ((epochMs % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
  return { sincePreviousMs: since, untilNextMs: MINUTE_MS - since };
}

export function createServerClock(options: ServerClockOptions): ServerClock {
  const { clock } = options;
  const margin = Math.max(0, options.boundaryMarginMs ?? DEFAULT_BOUNDARY_MARGIN_MS);
  const windowSize = Math.max(1, options.windowSize ?? 16);
  const maxAge = options.maxSampleAgeMs ?? 15 * MINUTE_MS;
  const maxLatency = options.maxLatencyAllowanceMs ?? 5_000;
  let samples: Sample[] = []; // oldest first
  let cached: OffsetBounds | null = null;

  const estimate = (): OffsetBounds | null => {
    if (cached || samples.length === 0) return cached;
    const newest = samples[samples.length - 1]!;
    let lo = newest.lo;
    let hi = newest.hi;
    let used = 1;
    for (let i = samples.length - 2; i >= 0; i--) {
      const s = samples[i]!;
      if (newest.receivedAtMs - s.receivedAtMs > maxAge) break;
      const nlo = Math.max(lo, s.lo);
      const nhi = Math.min(hi, s.hi);
      if (nlo > nhi) break; // this older sample disagrees: a clock stepped since; trust the newer ones
      lo = nlo;
      hi = nhi;
      used++;
    }
    cached = { lo, hi, samples: used };
    return cached;
  };

  const offsetMs = () => {
    const b = estimate();
    return b ? Math.round((b.lo + b.hi) / 2) : 0;
  };
  const uncertaintyMs = () => {
    const b = estimate();
    return b ? Math.ceil((b.hi - b.lo) / 2) : 0;
  };

  /** Transit allowance before a boundary: the median recent round trip (covers a new connection's handshakes too). */
  const latencyAllowance = () => {
    if (samples.length === 0) return 0;
    const rtts = samples
      .slice(-windowSize)
      .map((s) => s.rttMs)
      .sort((a, b) => a - b);
    return Math.min(maxLatency, rtts[Math.floor(rtts.length / 2)]!);
  };

  const guardWindow = () => {
    const unc = uncertaintyMs();
    // Neither side may eat the whole minute, whatever the samples say.
    return {
      beforeMs: Math.min(20_000, margin + unc + latencyAllowance()),
      afterMs: Math.min(20_000, margin + unc),
    };
  };

  const correctedMs = () => clock.millis() + offsetMs();

  return {
    boundaryMarginMs: margin,
    observe(dateHeader, sentAtMs, receivedAtMs) {
      const date = parseHttpDate(dateHeader);
      if (date === undefined || !Number.isFinite(sentAtMs) || !Number.isFinite(receivedAtMs)) return false;
      const s = Math.min(sentAtMs, receivedAtMs);
      const r = Math.max(sentAtMs, receivedAtMs);
      samples.push({ lo: date - r, hi: date + 1000 - s, receivedAtMs: r, rttMs: r - s });
      if (samples.length > windowSize) samples = samples.slice(-windowSize);
      cached = null;
      return true;
    },
    offsetMs,
    uncertaintyMs,
    bounds: () => (estimate() ? { ...estimate()! } : null),
    correctedNow: () => DateTime.fromMillis(correctedMs(), { zone: clock.zone }),
    correctedMillis: correctedMs,
    guardWindow,
    async waitForSafeMoment(signal) {
      let waited = 0;
      // A couple of rounds at most: after one sleep we are normally past the boundary.
      for (let round = 0; round < 3 && !signal?.aborted; round++) {
        const { beforeMs, afterMs } = guardWindow();
        const { sincePreviousMs, untilNextMs } = minutePosition(correctedMs());
        let wait = 0;
        if (sincePreviousMs < afterMs) wait = afterMs - sincePreviousMs;
        else if (untilNextMs < beforeMs) wait = untilNextMs + afterMs;
        if (wait <= 0) break;
        await clock.sleep(wait, signal);
        waited += wait;
      }
      return waited;
    },
    reset() {
      samples = [];
      cached = null;
    },
  };
}
