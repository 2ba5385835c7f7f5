/**
 * The first administrator's one-time setup code. Until an account exists, anyone who can reach the
 * server could make themselves its administrator; the code, printed only in the server's own
 * output, proves the person doing it can read that output (the council IT person who started it).
 *
 * Decisions:
 * - A new code each start, never stored: a restart is how a lost code is replaced.
 * - Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L, U), grouped in fours;
 *   typed in any case, with or without the dashes.
 * - Compared in constant time; gone once used.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;

export interface SetupCode {
  /** The code to print, while one is needed and not yet used. */
  current(): string | undefined;
  /** Whether `given` is the code (and one is still open). */
  matches(given: string): boolean;
  /** The code has made the first administrator: it is gone. */
  used(): void;
}

const normalise = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

export function createSetupCode(needed: () => boolean): SetupCode {
  let code: string | undefined = Array.from({ length: GROUPS }, () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');
  const open = () => (code !== undefined && needed() ? code : undefined);
  return {
    current: open,
    matches(given) {
      const wanted = open();
      if (wanted === undefined) return false;
      const a = Buffer.from(normalise(given));
      const b = Buffer.from(normalise(wanted));
      return a.length === b.length && timingSafeEqual(a, b);
    },
    used() {
      code = undefined;
    },
  };
}
