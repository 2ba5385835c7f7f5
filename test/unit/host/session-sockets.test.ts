import { describe, expect, it } from 'vitest';
import { closeReason, endedInWords } from '../../../electron/host/session-sockets';

describe('closeReason', () => {
  it('keeps words that fit a close frame, and cuts longer ones to 123 bytes (ws would throw)', () => {
    expect(closeReason('You signed out.')).toBe('You signed out.');
    const long = `Your account was disabled by an administrator because ${'of a very long reason '.repeat(10)}`;
    const cut = closeReason(long);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(123);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(Buffer.byteLength(closeReason('é'.repeat(100)))).toBeLessThanOrEqual(123);
  });
});

describe('endedInWords', () => {
  it("makes the engine's clause a sentence the person reads", () => {
    expect(endedInWords('your account was disabled by Alex Admin')).toBe('Your account was disabled by Alex Admin.');
    expect(endedInWords('your role was changed to Viewer by Alex Admin; sign in again')).toBe('Your role was changed to Viewer by Alex Admin; sign in again.');
    expect(endedInWords('Already a sentence!')).toBe('Already a sentence!');
    expect(endedInWords('  ')).toBe('Your session has ended: sign in again.');
  });
});
