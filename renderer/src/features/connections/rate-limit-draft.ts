/**
 * The Rate limit group's values as typed, and the check that turns them into the settings' limit.
 * The fields keep what NumberInput gives (a number, or text while empty or half typed: "0.") so a
 * decimal can be typed; Save checks them with the settings' own schema, field by field, so each
 * message lands under its field and nothing is sent while one is wrong.
 */
import { RateLimitSchema, type RateLimit } from '../../../../shared/domain/rate-limit';

export type RateLimitField = keyof RateLimit;
/** A rate limit as typed into the form. */
export type RateLimitDraft = Record<RateLimitField, number | string>;
export type RateLimitFieldErrors = Partial<Record<RateLimitField, string>>;

const FIELDS: readonly RateLimitField[] = ['requestsPerSecond', 'maxConcurrent'];

/** The limit as typed, or the objection under each field that is not acceptable. */
export function checkRateLimit(draft: RateLimitDraft): { ok: true; rateLimit: RateLimit } | { ok: false; errors: RateLimitFieldErrors } {
  const errors: RateLimitFieldErrors = {};
  const values: Partial<RateLimit> = {};
  for (const field of FIELDS) {
    const typed = draft[field];
    const value = typeof typed === 'number' ? typed : typed.trim() === '' ? Number.NaN : Number(typed);
    if (!Number.isFinite(value)) {
      errors[field] = 'enter a number';
      continue;
    }
    const checked = RateLimitSchema.shape[field].safeParse(value);
    if (checked.success) values[field] = checked.data;
    else errors[field] = checked.error.issues[0]?.message ?? 'is not acceptable';
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, rateLimit: values as RateLimit };
}

/** What a settings form marks its rate limit with when Save finds it wrong (the fields say why). */
export const RATE_LIMIT_NEEDS_CORRECTING = 'the rate limit needs correcting';

/** A connection form's own check before Save: the mark on its `rateLimit` field, or null when the limit is acceptable. */
export function rateLimitMark({ rateLimit }: { rateLimit: RateLimitDraft }): { rateLimit: string } | null {
  return checkRateLimit(rateLimit).ok ? null : { rateLimit: RATE_LIMIT_NEEDS_CORRECTING };
}

/** The limit to save; Save checks the draft first, so a refusal here is a slip in the form. */
export function rateLimitToSave(draft: RateLimitDraft): RateLimit {
  const checked = checkRateLimit(draft);
  if (!checked.ok) throw new Error('The rate limit needs correcting: see the marked fields.');
  return checked.rateLimit;
}
