import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUTH_FAILURE_MESSAGE, DEMO_KEYS, tascomiHash, tascomiTimestamp } from '../../../emulators/tascomi/index';
import { call, emulator, testClock } from './helpers';

/** The same signature through WebCrypto, written separately, to cross-check node:crypto use. */
async function webCryptoHash(publicKey: string, privateKey: string, ts: string): Promise<string> {
  const enc = new TextEncoder();
  const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const token = hex(await webcrypto.subtle.digest('SHA-256', enc.encode(publicKey + ts)));
  const key = await webcrypto.subtle.importKey('raw', enc.encode(privateKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return btoa(hex(await webcrypto.subtle.sign('HMAC', key, enc.encode(token))));
}

describe('the X-Hash signature', () => {
  it('matches the reference test vector', () => {
    const hash = tascomiHash('PUBKEY', 'PRIVKEY', '202401151432');
    expect(hash).toBe('NDU2NDlkODVjMWE0MWU3MDhkMzkyZTk2MDU0N2Y2NTJlODZiNjIwNTdiYzAwNzdiYzZlMDhiNTc0YWY2NTcwMg==');
    expect(hash).toHaveLength(88);
  });

  it('agrees with an independent WebCrypto computation', async () => {
    for (const [pub, priv, ts] of [
      ['PUBKEY', 'PRIVKEY', '202401151432'],
      [DEMO_KEYS.publicKey, DEMO_KEYS.privateKey, '202407011405'],
      ['clé', 'sécret', '202512312359'],
    ]) {
      expect(tascomiHash(pub!, priv!, ts!)).toBe(await webCryptoHash(pub!, priv!, ts!));
    }
  });

  it('uses the wall-clock minute in the instance zone: GMT in winter, BST in summer', () => {
    expect(tascomiTimestamp(Date.parse('2024-01-15T14:32:59Z'), 'Europe/London')).toBe('202401151432');
    expect(tascomiTimestamp(Date.parse('2024-07-01T13:05:30Z'), 'Europe/London')).toBe('202407011405');
    expect(tascomiTimestamp(Date.parse('2024-07-01T13:05:30Z'), 'UTC')).toBe('202407011305');
  });
});

describe('authentication', () => {
  it('accepts a request signed for the current minute, up to its last second', async () => {
    const { emu, clock } = await emulator({}, testClock('2024-07-01T13:05:00.000Z'));
    const signAt = clock.now();
    expect((await call(emu, 'GET', '/v1/titles', { signAt })).status).toBe(200);
    clock.set('2024-07-01T13:05:59.999Z');
    expect((await call(emu, 'GET', '/v1/titles', { signAt })).status).toBe(200);
  });

  it('checks the BST case: the London minute (14:05) passes, the UTC minute (13:05) does not', async () => {
    const { emu, clock } = await emulator({}, testClock('2024-07-01T13:05:30Z'));
    expect((await call(emu, 'GET', '/v1/titles', { signAt: clock.now(), signZone: 'Europe/London' })).status).toBe(200);
    expect((await call(emu, 'GET', '/v1/titles', { signAt: clock.now(), signZone: 'UTC' })).status).toBe(401);
  });

  const failures: [string, Parameters<typeof call>[3]][] = [
    ['an unknown public key', { key: { publicKey: 'nobody', privateKey: DEMO_KEYS.privateKey } }],
    ['a hash made with the wrong private key', { key: { publicKey: DEMO_KEYS.publicKey, privateKey: 'wrong' } }],
    ['a malformed hash', { headers: { 'X-Hash': 'not-a-hash' } }],
    ['no headers at all', { unsigned: true }],
    ['a hash without a public key', { headers: { 'X-Public': '' } }],
  ];
  for (const [what, options] of failures) {
    it(`answers 401 with the exact message for ${what}`, async () => {
      const { emu } = await emulator();
      const reply = await call(emu, 'GET', '/v1/complaints', options);
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({ message: AUTH_FAILURE_MESSAGE });
      expect(reply.json.message).toBe('Authentication failures, invalid public key or HMAC');
    });
  }

  it('rejects a hash for the previous or the next minute', async () => {
    const { emu, clock } = await emulator({}, testClock('2024-01-15T14:32:00.500Z'));
    const previous = await call(emu, 'GET', '/v1/titles', { signAt: clock.now() - 60_000 });
    const next = await call(emu, 'GET', '/v1/titles', { signAt: clock.now() + 60_000 });
    for (const reply of [previous, next]) {
      expect(reply.status).toBe(401);
      expect(reply.json.message).toBe(AUTH_FAILURE_MESSAGE);
    }
  });

  it("rejects a request signed at hh:mm:59 that arrives at hh:mm+1:00 (the seed's intermittent failure)", async () => {
    const { emu, clock } = await emulator({}, testClock('2024-01-15T14:32:59.900Z'));
    const signAt = clock.now();
    clock.advance(200);
    expect((await call(emu, 'GET', '/v1/titles', { signAt })).status).toBe(401);
  });

  it('follows the zone across the spring change: a UTC-signed hash passes at 00:59Z and fails at 01:00Z', async () => {
    const { emu, clock } = await emulator({}, testClock('2024-03-31T00:59:30Z'));
    expect(tascomiTimestamp(clock.now(), 'Europe/London')).toBe('202403310059');
    expect((await call(emu, 'GET', '/v1/titles', { signZone: 'UTC' })).status).toBe(200);
    clock.set('2024-03-31T01:00:30Z'); // clocks go forward: London reads 02:00
    expect(tascomiTimestamp(clock.now(), 'Europe/London')).toBe('202403310200');
    expect((await call(emu, 'GET', '/v1/titles', { signZone: 'UTC' })).status).toBe(401);
    expect((await call(emu, 'GET', '/v1/titles', { signZone: 'Europe/London' })).status).toBe(200);
  });

  it('follows the zone across the autumn change: 01:30 happens twice and both are accepted', async () => {
    const { emu, clock } = await emulator({}, testClock('2024-10-27T00:30:10Z'));
    expect(tascomiTimestamp(clock.now(), 'Europe/London')).toBe('202410270130');
    expect((await call(emu, 'GET', '/v1/titles')).status).toBe(200);
    clock.set('2024-10-27T01:30:10Z');
    expect(tascomiTimestamp(clock.now(), 'Europe/London')).toBe('202410270130');
    expect((await call(emu, 'GET', '/v1/titles')).status).toBe(200);
    // A client that stayed on summer time (UTC+1) signs 02:30 and fails.
    expect((await call(emu, 'GET', '/v1/titles', { signZone: 'Etc/GMT-1' })).status).toBe(401);
  });

  it('uses the configured instance zone', async () => {
    const { emu } = await emulator({ timeZone: 'America/New_York' }, testClock('2024-07-01T13:05:30Z'));
    expect((await call(emu, 'GET', '/v1/titles', { signZone: 'Europe/London' })).status).toBe(401);
    expect((await call(emu, 'GET', '/v1/titles', { signZone: 'America/New_York' })).status).toBe(200);
  });

  it('refuses a zone that is not IANA', async () => {
    await expect(emulator({ timeZone: 'GMT+25' })).rejects.toThrow(/timeZone/);
  });

  it('authenticates before anything else under /rest, even for unknown resources', async () => {
    const { emu } = await emulator();
    expect((await call(emu, 'GET', '/v1/nothing_here', { unsigned: true })).status).toBe(401);
    expect((await call(emu, 'GET', '/v1/nothing_here')).status).toBe(404);
  });

  it('logs the public key it was given but never the hash', async () => {
    const { emu } = await emulator();
    await call(emu, 'GET', '/v1/titles', { key: { publicKey: 'intruder', privateKey: 'x' } });
    await call(emu, 'GET', '/v1/titles');
    const log = emu.requestLog();
    expect(log.map((e) => [e.status, e.publicKey])).toEqual([
      [401, 'intruder'],
      [200, DEMO_KEYS.publicKey],
    ]);
    expect(JSON.stringify(log)).not.toMatch(/[A-Za-z0-9+/]{86}==/);
  });

  it('stamps every answer, failures included, with a Date header from the server clock', async () => {
    const { emu } = await emulator({}, testClock('2024-01-15T14:32:10.700Z'));
    for (const reply of [await call(emu, 'GET', '/v1/titles'), await call(emu, 'GET', '/v1/titles', { unsigned: true })]) {
      expect(reply.headers.get('date')).toBe('Mon, 15 Jan 2024 14:32:10 GMT');
    }
  });
});
