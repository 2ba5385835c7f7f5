/**
 * The queue card's rate-limit notice: nothing while the engine reports no hold; the held count in
 * words; a remote's "wait until" at the time of day the console shows everywhere.
 */
import { describe, expect, it } from 'vitest';
import { describeRateLimitHold } from '../../../../../renderer/src/features/jobs/rate-limit-notice';

const SYSTEM = 'Tascomi / Idox Cloud';

describe('describeRateLimitHold', () => {
  it('says nothing when the queue status has no rate limit', () => {
    expect(describeRateLimitHold(SYSTEM, undefined)).toBeNull();
  });

  it('counts the held requests', () => {
    expect(describeRateLimitHold(SYSTEM, { held: 3 })).toEqual({ held: '3 requests held by the rate limit' });
    expect(describeRateLimitHold(SYSTEM, { held: 1 })).toEqual({ held: '1 request held by the rate limit' });
  });

  it('says until when the remote asked casebridge to wait', () => {
    expect(describeRateLimitHold(SYSTEM, { held: 2, pausedUntil: '2026-12-05T14:03:09.412+00:00' })).toEqual({
      held: '2 requests held by the rate limit',
      paused: { sentence: 'Tascomi / Idox Cloud asked casebridge to wait until 14:03:09', at: '2026-12-05 14:03:09' },
    });
  });

  it('says the pause alone while nothing waits for it yet', () => {
    expect(describeRateLimitHold('Civica Cx', { held: 0, pausedUntil: '2026-12-05T09:00:00.000+00:00' })).toEqual({
      paused: { sentence: 'Civica Cx asked casebridge to wait until 09:00:00', at: '2026-12-05 09:00:00' },
    });
  });
});
