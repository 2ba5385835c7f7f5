/** The lock after failed sign-ins in a row: none for four, then a minute doubling up to an hour; and the wait in words. */
import { describe, expect, it } from 'vitest';
import { FAILURES_BEFORE_LOCK, lockAfter, waitInWords } from '../../../../electron/engine/people/lockout';

describe('the lock after failed sign-ins', () => {
  it('starts at the fifth failure with a minute and doubles with each further one, up to an hour', () => {
    expect(FAILURES_BEFORE_LOCK).toBe(5);
    const minutes = Array.from({ length: 14 }, (_, i) => lockAfter(i) / 60_000);
    expect(minutes).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(lockAfter(1_000_000)).toBe(60 * 60_000);
  });

  it('is told as a person reads it, rounded up', () => {
    expect(waitInWords(200)).toBe('1 second');
    expect(waitInWords(45_000)).toBe('45 seconds');
    expect(waitInWords(60_000)).toBe('1 minute');
    expect(waitInWords(61_000)).toBe('2 minutes');
    expect(waitInWords(32 * 60_000)).toBe('32 minutes');
  });
});
