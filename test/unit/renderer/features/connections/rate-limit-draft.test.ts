/**
 * The Rate limit group's check: what is typed is checked field by field with the settings' own
 * schema (each message for its field), and what passes is what Save sends, so a custom limit loaded
 * with the settings is saved back as it is, never reset to the default.
 */
import { describe, expect, it } from 'vitest';
import { CivicaCxSettingsInputSchema, DEFAULT_CIVICA_CX_SETTINGS } from '../../../../../shared/domain/civica-cx';
import { DEFAULT_RATE_LIMIT } from '../../../../../shared/domain/rate-limit';
import { DEFAULT_TASCOMI_SETTINGS, TascomiSettingsInputSchema } from '../../../../../shared/domain/tascomi';
import { checkRateLimit, RATE_LIMIT_NEEDS_CORRECTING, rateLimitMark, rateLimitToSave } from '../../../../../renderer/src/features/connections/rate-limit-draft';

describe('checkRateLimit', () => {
  it('takes loaded numbers as they are', () => {
    expect(checkRateLimit({ requestsPerSecond: 0.5, maxConcurrent: 2 })).toEqual({ ok: true, rateLimit: { requestsPerSecond: 0.5, maxConcurrent: 2 } });
    expect(checkRateLimit(DEFAULT_RATE_LIMIT)).toEqual({ ok: true, rateLimit: DEFAULT_RATE_LIMIT });
  });

  it('reads text the number field still holds (a decimal being typed)', () => {
    expect(checkRateLimit({ requestsPerSecond: '0.5', maxConcurrent: ' 4 ' })).toEqual({ ok: true, rateLimit: { requestsPerSecond: 0.5, maxConcurrent: 4 } });
  });

  it('accepts the bounds the settings allow', () => {
    expect(checkRateLimit({ requestsPerSecond: 0.1, maxConcurrent: 1 }).ok).toBe(true);
    expect(checkRateLimit({ requestsPerSecond: 50, maxConcurrent: 16 }).ok).toBe(true);
  });

  it.each([
    [{ requestsPerSecond: 0, maxConcurrent: 3 }, { requestsPerSecond: 'must be at least 0.1 a second' }],
    [{ requestsPerSecond: 100, maxConcurrent: 3 }, { requestsPerSecond: 'must be at most 50 a second' }],
    [{ requestsPerSecond: '', maxConcurrent: 3 }, { requestsPerSecond: 'enter a number' }],
    [{ requestsPerSecond: 5, maxConcurrent: 0 }, { maxConcurrent: 'must be at least 1' }],
    [{ requestsPerSecond: 5, maxConcurrent: 17 }, { maxConcurrent: 'must be at most 16' }],
    [{ requestsPerSecond: 5, maxConcurrent: 2.5 }, { maxConcurrent: 'must be a whole number' }],
    [
      { requestsPerSecond: '-', maxConcurrent: '' },
      { requestsPerSecond: 'enter a number', maxConcurrent: 'enter a number' },
    ],
  ])('puts the objection to %o under its field', (draft, errors) => {
    expect(checkRateLimit(draft)).toEqual({ ok: false, errors });
  });
});

describe('rateLimitMark and rateLimitToSave', () => {
  it('marks the form only while a field is wrong', () => {
    expect(rateLimitMark({ rateLimit: { requestsPerSecond: 2, maxConcurrent: 2 } })).toBeNull();
    expect(rateLimitMark({ rateLimit: { requestsPerSecond: 0, maxConcurrent: 2 } })).toEqual({ rateLimit: RATE_LIMIT_NEEDS_CORRECTING });
  });

  it('refuses to hand over a limit the fields object to', () => {
    expect(() => rateLimitToSave({ requestsPerSecond: 100, maxConcurrent: 2 })).toThrow(/rate limit needs correcting/);
  });

  it('saves a custom limit back unchanged with either connection, not the default', () => {
    const rateLimit = rateLimitToSave({ requestsPerSecond: '0.5', maxConcurrent: 2 });
    expect(TascomiSettingsInputSchema.parse({ ...DEFAULT_TASCOMI_SETTINGS, rateLimit }).rateLimit).toEqual({ requestsPerSecond: 0.5, maxConcurrent: 2 });
    expect(CivicaCxSettingsInputSchema.parse({ ...DEFAULT_CIVICA_CX_SETTINGS, rateLimit }).rateLimit).toEqual({ requestsPerSecond: 0.5, maxConcurrent: 2 });
  });
});
