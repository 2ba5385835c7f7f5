/**
 * Tascomi's request signature, written from the public description (reference/tascomi-api.md):
 * X-Hash = base64( hex( HMAC-SHA256(privateKey, hex( SHA256(publicKey + ts) )) ) ), where ts is
 * the instance's wall-clock minute `yyyyMMddHHmm` in its own time zone. Only the current minute
 * is accepted, which is what makes requests near a minute boundary fail on the real service.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';

export const AUTH_FAILURE_MESSAGE = 'Authentication failures, invalid public key or HMAC';

let lastMinute = { key: '', ts: '' };

/** The minute a signature is bound to: `yyyyMMddHHmm` of `ms` in `zone`. */
export function tascomiTimestamp(ms: number, zone: string): string {
  // Zone offsets change only on whole minutes, so one formatting per minute and zone is enough
  // (luxon's formatting is the emulator's hottest path under load).
  const key = `${Math.floor(ms / 60_000)} ${zone}`;
  if (lastMinute.key !== key) lastMinute = { key, ts: DateTime.fromMillis(ms, { zone }).toFormat('yyyyMMddHHmm') };
  return lastMinute.ts;
}

export function tascomiHash(publicKey: string, privateKey: string, ts: string): string {
  const token = createHash('sha256')
    .update(publicKey + ts, 'utf8')
    .digest('hex');
  const mac = createHmac('sha256', privateKey).update(token, 'utf8').digest('hex');
  return Buffer.from(mac, 'utf8').toString('base64');
}

/** The two headers a client sends when its clock reads `ms` (tests use this to act as a client). */
export function signHeaders(key: { publicKey: string; privateKey: string }, ms: number, zone: string): Record<string, string> {
  return { 'X-Public': key.publicKey, 'X-Hash': tascomiHash(key.publicKey, key.privateKey, tascomiTimestamp(ms, zone)) };
}

/** Whether `hash` signs the server's current minute for this key (constant-time compare). */
export function hashMatches(publicKey: string, privateKey: string, hash: string, serverMs: number, zone: string): boolean {
  const expected = Buffer.from(tascomiHash(publicKey, privateKey, tascomiTimestamp(serverMs, zone)), 'utf8');
  const given = Buffer.from(hash, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
