/**
 * Passwords kept as scrypt hashes: the stored form carries its parameters (so old hashes still
 * verify after they are raised), a wrong password does not verify, and a damaged stored hash is an
 * error naming the account, never a crash and never the password.
 */
import { describe, expect, it } from 'vitest';
import { createPasswordHasher, hashPassword, parametersOf, SCRYPT_PARAMETERS, UnreadablePasswordHashError, verifyPassword } from '../../../../electron/engine/people/password-hash';

const LIGHT = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = 'correct horse battery staple';

describe('password hashes', () => {
  it('verify the password they were made from, with the default parameters, and no other', async () => {
    const stored = await hashPassword(PASSWORD);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(SCRYPT_PARAMETERS).toEqual({ N: 2 ** 15, r: 8, p: 1 });
    expect(await verifyPassword(PASSWORD, stored, 'Sam Patel (sam.patel)')).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored, 'Sam Patel (sam.patel)')).toBe(false);
    expect(await verifyPassword('', stored, 'Sam Patel (sam.patel)')).toBe(false);
  });

  it('salt each hash afresh, so one password never gives the same stored text twice', async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD, LIGHT), hashPassword(PASSWORD, LIGHT)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(PASSWORD, a, 'x')).toBe(true);
    expect(await verifyPassword(PASSWORD, b, 'x')).toBe(true);
  });

  it('keep the parameters they were made with: a hash from weaker days still verifies', async () => {
    const old = await hashPassword(PASSWORD, { N: 2 ** 12, r: 4, p: 2 });
    expect(parametersOf(old, 'x')).toEqual({ N: 2 ** 12, r: 4, p: 2 });
    expect(await verifyPassword(PASSWORD, old, 'x')).toBe(true);
    expect(await verifyPassword('not it at all', old, 'x')).toBe(false);
  });

  it('compare accents as one form: a password typed composed or decomposed is the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait please', LIGHT);
    expect(await verifyPassword('cafe\u0301 au lait please', stored, 'x')).toBe(true);
  });

  it.each([
    ['not a hash', 'it is not an scrypt hash'],
    ['bcrypt$10$abc$def$ghi$jkl', 'it is not an scrypt hash'],
    ['scrypt$1000$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo', 'not a power of two'],
    [`scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo`, 'not a power of two up to 2^20'],
    ['scrypt$1024$0$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo', 'out of range'],
    ['scrypt$1024$8$1$$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo', 'salt is missing'],
    ['scrypt$1024$8$1$c2FsdHNhbHRzYWx0$not+base64', 'hash is missing'],
    ['scrypt$1024$8$1$c2FsdHNhbHRzYWx0$', 'hash is missing'],
  ])('refuse a stored hash that cannot be used (%s), naming the account and never the password', async (stored, why) => {
    const error = await verifyPassword(PASSWORD, stored, 'Sam Patel (sam.patel)').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadablePasswordHashError);
    expect((error as Error).message).toContain('The stored password of the account Sam Patel (sam.patel) cannot be used');
    expect((error as Error).message).toContain(why);
    expect((error as Error).message).not.toContain(PASSWORD);
    expect((error as Error).message).not.toContain(stored.split('$')[5] || 'no hash part');
  });
});

describe('the people system’s hasher', () => {
  it('spends a verify on a sign-in as no one, and answers no', async () => {
    const hasher = createPasswordHasher(LIGHT);
    expect(await hasher.verifyNobody(PASSWORD)).toBe(false);
    expect(await hasher.verify(PASSWORD, await hasher.hash(PASSWORD), 'x')).toBe(true);
    await hasher.close();
  });

  it('waits on close for the hashes in flight, and takes none after', async () => {
    const hasher = createPasswordHasher(LIGHT);
    let finished = false;
    const running = hasher.hash(PASSWORD).then((hash) => ((finished = true), hash));
    await hasher.close();
    expect(finished).toBe(true);
    expect(await running).toMatch(/^scrypt\$1024\$/);
    await expect(hasher.hash(PASSWORD)).rejects.toThrow('The engine is stopping');
    await expect(hasher.verifyNobody(PASSWORD)).rejects.toThrow('The engine is stopping');
  });
});
