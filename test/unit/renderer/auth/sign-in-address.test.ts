import { describe, expect, it } from 'vitest';
import { readSignInAddress, rememberSignedOut, signedOutMessage, takeSignedOut } from '../../../../renderer/src/auth/sign-in-address';

describe('what the address brings to the sign-in screens', () => {
  it('reads the setup code from ?setup= and takes it out of the address', () => {
    expect(readSignInAddress('https://cb.example:8443/?setup=ABCD-1234#/jobs')).toEqual({ setupCode: 'ABCD-1234', signInError: null, cleaned: '/#/jobs' });
  });

  it('reads the setup code from #/setup?code=', () => {
    expect(readSignInAddress('https://cb.example/#/setup?code=%20XY-99%20')).toEqual({ setupCode: 'XY-99', signInError: null, cleaned: '/' });
  });

  it('reads why single sign-on was refused, and leaves other addresses alone', () => {
    expect(readSignInAddress('https://cb.example/#/sign-in?error=Your%20groups%20give%20no%20role')).toEqual({
      setupCode: null,
      signInError: 'Your groups give no role',
      cleaned: '/',
    });
    expect(readSignInAddress('https://cb.example/?x=1#/log?level=error')).toEqual({ setupCode: null, signInError: null, cleaned: '/?x=1#/log?level=error' });
  });

  it('takes an empty code or error as none, and cuts an overlong error', () => {
    expect(readSignInAddress('https://cb.example/?setup=%20').setupCode).toBeNull();
    expect(readSignInAddress('https://cb.example/#/sign-in?error=').signInError).toBeNull();
    expect(readSignInAddress(`https://cb.example/#/sign-in?error=${'a'.repeat(2000)}`).signInError).toHaveLength(500);
  });
});

describe('why this tab was signed out', () => {
  it('is kept across the reload and read once', () => {
    const stored = new Map<string, string>();
    const storage = { setItem: (k: string, v: string) => stored.set(k, v), getItem: (k: string) => stored.get(k) ?? null, removeItem: (k: string) => stored.delete(k) };
    rememberSignedOut(storage, 'your account was disabled by Sam Patel');
    expect(takeSignedOut(storage)).toBe('your account was disabled by Sam Patel');
    expect(takeSignedOut(storage)).toBeNull();
  });

  it('is put in a sentence', () => {
    expect(signedOutMessage('your account was disabled by Sam Patel.')).toBe('You were signed out. Your account was disabled by Sam Patel.');
    // The host sends a sentence (session-sockets.ts endedInWords).
    expect(signedOutMessage('Your account was disabled by Sam Patel.')).toBe('You were signed out. Your account was disabled by Sam Patel.');
    expect(signedOutMessage('')).toBe('You were signed out.');
  });
});
