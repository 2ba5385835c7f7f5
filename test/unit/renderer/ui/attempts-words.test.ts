import { describe, expect, it } from 'vitest';
import { describeAttempts } from '../../../../renderer/src/ui/attempts-words';

describe('what the attempts column means', () => {
  it('says attempts used of those allowed', () => {
    expect(describeAttempts({ attempts: 0, maxAttempts: 10, attemptsAddedByHand: 0 })).toBe('0 attempts used of 10 allowed.');
    expect(describeAttempts({ attempts: 1, maxAttempts: 10, attemptsAddedByHand: 0 })).toBe('1 attempt used of 10 allowed.');
  });

  it('says how many of those allowed retries by hand added', () => {
    expect(describeAttempts({ attempts: 3, maxAttempts: 12, attemptsAddedByHand: 2 })).toBe('3 attempts used of 12 allowed; 2 of those 12 were added by hand (by retries).');
    expect(describeAttempts({ attempts: 2, maxAttempts: 11, attemptsAddedByHand: 1 })).toBe('2 attempts used of 11 allowed; 1 of those 11 was added by hand (by retries).');
  });
});
