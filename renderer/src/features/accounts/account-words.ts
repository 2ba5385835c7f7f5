/** How the Accounts page puts an account in words: its state, how it signs in, a first password. */
import { PASSWORD_MIN_CHARS, type AccountSource, type AccountView } from '../../../../shared/domain/people';
import { formatMinute } from '../../ui/time-format';

export type AccountState = { kind: 'enabled' | 'disabled' | 'locked'; words: string };

/** Disabled first (it outlasts any lock), then a lock still running at `now`, else enabled. */
export function accountState(account: Pick<AccountView, 'disabled' | 'lockedUntil'>, now: number, zone?: string): AccountState {
  if (account.disabled) return { kind: 'disabled', words: 'Disabled' };
  if (account.lockedUntil && Date.parse(account.lockedUntil) > now) return { kind: 'locked', words: `Locked until ${formatMinute(account.lockedUntil, zone)}` };
  return { kind: 'enabled', words: 'Enabled' };
}

export const SIGN_IN_METHODS: Readonly<Record<AccountSource, string>> = {
  local: 'Password',
  oidc: 'Single sign-on',
};

// No 0/O, 1/l/I: the password is read off a screen and typed or said on the phone.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Comfortably over the minimum: 20 characters of 56 is about 116 bits. */
const FIRST_PASSWORD_CHARS = Math.max(20, PASSWORD_MIN_CHARS);

/**
 * A first password for a new or reset account, from the browser's cryptographic generator, in
 * groups of five for reading out. Bytes that would bias the choice are drawn again.
 */
export function firstPassword(randomBytes: (count: number) => Uint8Array = (count) => crypto.getRandomValues(new Uint8Array(count))): string {
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  const chars: string[] = [];
  while (chars.length < FIRST_PASSWORD_CHARS) {
    for (const byte of randomBytes(FIRST_PASSWORD_CHARS)) {
      if (byte < limit && chars.length < FIRST_PASSWORD_CHARS) chars.push(PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length]!);
    }
  }
  return chars.join('').replace(/(.{5})(?=.)/g, '$1-');
}
