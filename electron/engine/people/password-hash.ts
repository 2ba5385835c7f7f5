/**
 * Local accounts' passwords, kept as scrypt hashes (memory-hard, from node:crypto) in the form
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url), so the parameters can be raised later and old
 * hashes still verify with the ones they were made with.
 *
 * Decisions:
 * - Asynchronous (crypto.scrypt on libuv's thread pool): a hash takes tens of milliseconds, and the
 *   engine serves every console from one event loop.
 * - A stored hash that cannot be read is an error naming the account, never a crash, and never a
 *   sign-in: the administrator resets that password.
 * - No error here carries a password: scrypt's own errors are replaced by words of ours.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  /** CPU and memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** 2^15 x 8 x 128 bytes = 32 MiB per hash: a fifth of a second or so on a busy two-core machine (test/bench/sign-in.bench.ts). */
export const SCRYPT_PARAMETERS: Readonly<ScryptParameters> = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Beyond this a stored hash is not one we made, and would ask for more memory than a server has. */
const MAX_N = 2 ** 20;

/** A stored password hash that cannot be used; the message names the account, never the hash. */
export class UnreadablePasswordHashError extends Error {
  override readonly name = 'UnreadablePasswordHashError';
}

interface ParsedHash extends ScryptParameters {
  salt: Buffer;
  hash: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parseStoredHash(stored: string, account: string): ParsedHash {
  const unreadable = (why: string) =>
    new UnreadablePasswordHashError(`The stored password of the account ${account} cannot be used (${why}); an administrator can reset its password.`);
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw unreadable('it is not an scrypt hash as casebridge writes them');
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN)) as [number, number, number];
  if (!(N >= 2 && N <= MAX_N && (N & (N - 1)) === 0)) throw unreadable('its cost N is not a power of two up to 2^20');
  if (!(r >= 1 && r <= 32 && p >= 1 && p <= 16)) throw unreadable('its block size or parallelism is out of range');
  const [salt, hash] = parts.slice(4).map((part) => (BASE64URL.test(part) ? Buffer.from(part, 'base64url') : Buffer.alloc(0))) as [Buffer, Buffer];
  if (salt.length < 8) throw unreadable('its salt is missing or too short');
  if (hash.length < 16 || hash.length > 64) throw unreadable('its hash is missing or of the wrong length');
  return { N, r, p, salt, hash };
}

function derive(password: string, salt: Buffer, keyLength: number, parameters: ScryptParameters): Promise<Buffer> {
  // Twice what the parameters need, so Node does not refuse them for its 32 MiB default.
  const options: ScryptOptions = { N: parameters.N, r: parameters.r, p: parameters.p, maxmem: 256 * parameters.N * parameters.r * parameters.p };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => {
      if (error) reject(new Error(`The password could not be hashed: scrypt refused its parameters (N=${parameters.N}, r=${parameters.r}, p=${parameters.p}).`));
      else resolve(key);
    });
  });
}

/** A new hash of `password` with fresh salt, in the stored form. */
export async function hashPassword(password: string, parameters: ScryptParameters = SCRYPT_PARAMETERS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, parameters);
  return ['scrypt', parameters.N, parameters.r, parameters.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Whether `password` is the one `stored` was made from, with the parameters it was made with.
 * Throws UnreadablePasswordHashError (naming `account`) when `stored` is not a hash we can use.
 */
export async function verifyPassword(password: string, stored: string, account: string): Promise<boolean> {
  const parsed = parseStoredHash(stored, account);
  const key = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(key, parsed.hash);
}

/** The parameters a stored hash was made with (to tell whether it needs making again with stronger ones). */
export function parametersOf(stored: string, account: string): ScryptParameters {
  const { N, r, p } = parseStoredHash(stored, account);
  return { N, r, p };
}

/** Hashing as the people system does it: work in flight is waited for on close, and none starts after. */
export interface PasswordHasher {
  /** What new hashes are made with. */
  readonly parameters: Readonly<ScryptParameters>;
  hash(password: string): Promise<string>;
  verify(password: string, stored: string, account: string): Promise<boolean>;
  /**
   * Spends the time of a verify against a hash no password matches, and answers false: a sign-in
   * as an unknown user takes as long as one with a wrong password, so timing reveals no user names.
   */
  verifyNobody(password: string): Promise<false>;
  close(): Promise<void>;
}

export function createPasswordHasher(parameters: ScryptParameters = SCRYPT_PARAMETERS): PasswordHasher {
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  const tracked = <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('The engine is stopping; sign-in and password changes are not taken now.'));
    const running = work();
    inFlight.add(running);
    const forget = () => void inFlight.delete(running);
    running.then(forget, forget);
    return running;
  };
  // Verifying costs the same whatever the stored key is, so random bytes serve: no password makes them.
  const nobody = ['scrypt', parameters.N, parameters.r, parameters.p, randomBytes(SALT_BYTES).toString('base64url'), randomBytes(KEY_BYTES).toString('base64url')].join('$');
  return {
    parameters,
    hash: (password) => tracked(() => hashPassword(password, parameters)),
    verify: (password, stored, account) => tracked(() => verifyPassword(password, stored, account)),
    verifyNobody: (password) => tracked(async () => (await verifyPassword(password, nobody, 'nobody'), false as const)),
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
