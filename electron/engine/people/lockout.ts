/**
 * How long an account is locked after failed sign-ins: none for the first four in a row; after
 * the fifth, one minute, doubling with each further failure up to an hour. Guessing a 12-character
 * password at that pace takes longer than anyone has, while a person who mistypes a few times waits
 * a minute at most.
 */
export const FAILURES_BEFORE_LOCK = 5;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 60 * 60_000;

/** The lock after `failures` consecutive failures, in ms (0: not locked). */
export function lockAfter(failures: number): number {
  if (failures < FAILURES_BEFORE_LOCK) return 0;
  const doublings = Math.min(failures - FAILURES_BEFORE_LOCK, 10);
  return Math.min(FIRST_LOCK_MS * 2 ** doublings, LONGEST_LOCK_MS);
}

/** "3 minutes", "45 seconds": the wait, rounded up, for a person to read. */
export function waitInWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
