/**
 * Fault knobs: what the emulator does instead of answering normally. Decisions come from a seeded
 * PRNG that draws the same number of values for every request, so a run with the same seed and the
 * same request sequence fails in the same places.
 */
import { z } from 'zod';
import { seededRandom, type Random } from './prng';
import { WRITE_OPERATIONS, type CivicaCxFaults, type WriteOperation } from './types';

export const NO_FAULTS: CivicaCxFaults = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  dropRate: 0,
  dropAfterCommitRate: 0,
  clockOffsetMs: 0,
  rateLimit: null,
  forceValidationFailure: null,
});

const rate = z.number().min(0).max(1);

/** What a partial CivicaCxFaults may hold; unknown knobs are errors, so typos do not pass silently. */
export const faultsSchema = z
  .strictObject({
    latencyMs: z.number().int().min(0).max(600_000),
    errorRate: rate,
    dropRate: rate,
    dropAfterCommitRate: rate,
    clockOffsetMs: z.number().int().min(-366 * 86_400_000).max(366 * 86_400_000),
    rateLimit: z.strictObject({ retryAfterSeconds: z.number().int().min(0).max(86_400), count: z.number().int().min(1) }).nullable(),
    forceValidationFailure: z
      .strictObject({
        operation: z.enum(WRITE_OPERATIONS).optional(),
        field: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must look like a field name (for example sorCode)'),
        message: z.string().min(1).optional(),
        count: z.number().int().min(1).optional(),
      })
      .nullable(),
  })
  .partial();

/** "latencyMs: Too small: expected number to be >=0; rateLimit.count: ..." */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`).join('; ');
}

export function parseFaults(input: unknown): Partial<CivicaCxFaults> {
  const parsed = faultsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid faults: ${describeIssues(parsed.error)}`);
  return parsed.data as Partial<CivicaCxFaults>;
}

export interface FaultDecision {
  drop: boolean;
  dropAfterCommit: boolean;
  /** 500, 502 or 503 when this request fails as an intermittent server error. */
  errorStatus: 500 | 502 | 503 | null;
}

const ERROR_STATUSES = [500, 502, 503] as const;

export class FaultState {
  private current: CivicaCxFaults = { ...NO_FAULTS };
  private readonly random: Random;

  constructor(seed: number, initial: Partial<CivicaCxFaults> = {}) {
    // A stream of its own (seed mixed), so fault decisions never shift the demo data.
    this.random = seededRandom((seed ^ 0x5eed_fa17) >>> 0);
    this.set(initial);
  }

  get(): CivicaCxFaults {
    return structuredClone(this.current);
  }

  set(partial: Partial<CivicaCxFaults>): void {
    this.current = { ...this.current, ...structuredClone(parseFaults(partial)) };
  }

  clear(): void {
    this.current = { ...NO_FAULTS };
  }

  get clockOffsetMs(): number {
    return this.current.clockOffsetMs;
  }

  get latencyMs(): number {
    return this.current.latencyMs;
  }

  /** Called once per /api request as it arrives: always draws four values, whatever the knobs. */
  decide(): FaultDecision {
    const [dropRoll, dropAfterRoll, errorRoll, statusRoll] = [this.random(), this.random(), this.random(), this.random()];
    return {
      drop: dropRoll < this.current.dropRate,
      dropAfterCommit: dropAfterRoll < this.current.dropAfterCommitRate,
      errorStatus: errorRoll < this.current.errorRate ? ERROR_STATUSES[Math.floor(statusRoll * ERROR_STATUSES.length)]! : null,
    };
  }

  /** Retry-After seconds when this request is rate limited (and counts the limit down). */
  takeRateLimit(): number | null {
    const { rateLimit } = this.current;
    if (!rateLimit) return null;
    this.current.rateLimit = rateLimit.count > 1 ? { ...rateLimit, count: rateLimit.count - 1 } : null;
    return rateLimit.retryAfterSeconds;
  }

  /** The forced validation failure for a write, if one applies (and counts it down). */
  takeValidationFailure(operation: WriteOperation): { field: string; message: string } | null {
    const forced = this.current.forceValidationFailure;
    if (!forced || (forced.operation && forced.operation !== operation)) return null;
    if (forced.count !== undefined) {
      this.current.forceValidationFailure = forced.count > 1 ? { ...forced, count: forced.count - 1 } : null;
    }
    return { field: forced.field, message: forced.message ?? 'is not valid' };
  }
}
