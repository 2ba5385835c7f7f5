/**
 * Fault knobs both emulators share: what an emulator does instead of answering normally. Decisions
 * come from a seeded PRNG that draws the same number of values for every request, so a run with the
 * same seed and the same request sequence fails in the same places.
 *
 * The one knob that differs is what a forced validation failure is aimed at (a Cx write operation,
 * a Tascomi table) and what a field name looks like there: each emulator passes a ForcedFailureTarget.
 * Where each applies the rate limit is its server's choice (takeRateLimit), not this file's.
 */
import { z } from 'zod';
import { seededRandom, type Random } from './prng';

/** Forced validation failures aimed at `target` values under the knob key K (all writes when left out). */
export type ForcedValidationFailure<K extends string, T extends string> = { [key in K]?: T } & {
  field: string;
  message?: string;
  count?: number;
};

export interface EmulatorFaults<Forced> {
  /** Added to every API request before it is processed, as if it were in transit. */
  latencyMs: number;
  /** 0..1: answer 500/502/503 instead (seeded PRNG so runs repeat). */
  errorRate: number;
  /** 0..1: destroy the socket without answering; nothing is processed. */
  dropRate: number;
  /** 0..1: process the request (the write is done) then destroy the socket unanswered. */
  dropAfterCommitRate: number;
  /** The server's clock is this far ahead (+) or behind (-) of now(). */
  clockOffsetMs: number;
  /** The next `count` requests get 429 with Retry-After. */
  rateLimit: null | { retryAfterSeconds: number; count: number };
  /** Writes fail validation naming `field`, until cleared, or for the next `count` writes when count is given. */
  forceValidationFailure: null | Forced;
}

export const NO_FAULTS: EmulatorFaults<never> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  dropRate: 0,
  dropAfterCommitRate: 0,
  clockOffsetMs: 0,
  rateLimit: null,
  forceValidationFailure: null,
});

/** What a forced validation failure can be aimed at, in one emulator's words. */
export interface ForcedFailureTarget<K extends string, T extends string> {
  /** The knob's key: 'operation' (Cx), 'resource' (Tascomi). */
  key: K;
  values: readonly [T, ...T[]];
  /** A field name as the remote spells them, and what an invalid one is told. */
  fieldPattern: RegExp;
  fieldHint: string;
}

/** "latencyMs: Too small: expected number to be >=0; rateLimit.count: ..." */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`).join('; ');
}

const rate = z.number().min(0).max(1);

/** What a partial set of knobs may hold; unknown knobs are errors, so typos do not pass silently. */
export function faultsSchema<K extends string, T extends string>(target: ForcedFailureTarget<K, T>) {
  return z
    .strictObject({
      latencyMs: z.number().int().min(0).max(600_000),
      errorRate: rate,
      dropRate: rate,
      dropAfterCommitRate: rate,
      clockOffsetMs: z
        .number()
        .int()
        .min(-366 * 86_400_000)
        .max(366 * 86_400_000),
      rateLimit: z.strictObject({ retryAfterSeconds: z.number().int().min(0).max(86_400), count: z.number().int().min(1) }).nullable(),
      forceValidationFailure: z
        .strictObject({
          // The target key first, as the knob has always been echoed.
          [target.key]: z.enum(target.values).optional(),
          field: z.string().regex(target.fieldPattern, target.fieldHint),
          message: z.string().min(1).optional(),
          count: z.number().int().min(1).optional(),
        })
        .nullable(),
    })
    .partial();
}

export interface FaultDecision {
  drop: boolean;
  dropAfterCommit: boolean;
  /** 500, 502 or 503 when this request fails as an intermittent server error. */
  errorStatus: 500 | 502 | 503 | null;
}

const ERROR_STATUSES = [500, 502, 503] as const;

export class FaultState<K extends string, T extends string> {
  private current: EmulatorFaults<ForcedValidationFailure<K, T>> = { ...NO_FAULTS };
  private readonly random: Random;
  private readonly schema: ReturnType<typeof faultsSchema<K, T>>;

  constructor(
    private readonly target: ForcedFailureTarget<K, T>,
    seed: number,
    initial: Partial<EmulatorFaults<ForcedValidationFailure<K, T>>> = {},
  ) {
    this.schema = faultsSchema(target);
    // A stream of its own (seed mixed), so fault decisions never shift the demo data.
    this.random = seededRandom((seed ^ 0x5eed_fa17) >>> 0);
    this.set(initial);
  }

  /** Checks knobs from outside (options, the admin endpoint); throws "Invalid faults: ..." naming each problem. */
  parse(input: unknown): Partial<EmulatorFaults<ForcedValidationFailure<K, T>>> {
    const parsed = this.schema.safeParse(input);
    if (!parsed.success) throw new Error(`Invalid faults: ${describeIssues(parsed.error)}`);
    return parsed.data as Partial<EmulatorFaults<ForcedValidationFailure<K, T>>>;
  }

  get(): EmulatorFaults<ForcedValidationFailure<K, T>> {
    return structuredClone(this.current);
  }

  set(partial: Partial<EmulatorFaults<ForcedValidationFailure<K, T>>>): void {
    this.current = { ...this.current, ...structuredClone(this.parse(partial)) };
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

  /** Called once per API request as it arrives: always draws four values, whatever the knobs. */
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

  /** The forced validation failure for a write to `target`, if one applies (and counts it down). */
  takeValidationFailure(target: T): { field: string; message: string } | null {
    const forced = this.current.forceValidationFailure;
    const aimedAt = forced?.[this.target.key] as T | undefined;
    if (!forced || (aimedAt && aimedAt !== target)) return null;
    if (forced.count !== undefined) {
      this.current.forceValidationFailure = forced.count > 1 ? { ...forced, count: forced.count - 1 } : null;
    }
    return { field: forced.field, message: forced.message ?? 'is not valid' };
  }
}
