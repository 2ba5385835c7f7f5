/**
 * Tascomi request signing (reference/tascomi-api.md, "Authentication"): the hash is over the
 * public key and the current minute in the INSTANCE's time zone, so BST is honoured. Kept pure so
 * the reference test vector pins it.
 */
import { createHash, createHmac } from 'node:crypto';
import { DateTime } from 'luxon';

/** `yyyyMMddHHmm` of `instant` in `zone` (default Europe/London). */
export function tascomiTimestamp(instant: DateTime, zone = 'Europe/London'): string {
  const local = instant.setZone(zone);
  if (!local.isValid) throw new Error(`Cannot make a Tascomi timestamp in time zone "${zone}": ${local.invalidExplanation ?? local.invalidReason}`);
  return local.toFormat('yyyyMMddHHmm');
}

/**
 * X-Hash = base64( hex( HMAC-SHA256(privateKey, hex(SHA256(publicKey + ts))) ) ): the base64 is of
 * the hex STRING's bytes, hence always 88 characters.
 */
export function tascomiHash(publicKey: string, privateKey: string, ts: string): string {
  const token = createHash('sha256')
    .update(publicKey + ts, 'utf8')
    .digest('hex');
  const mac = createHmac('sha256', Buffer.from(privateKey, 'utf8')).update(token, 'utf8').digest('hex');
  return Buffer.from(mac, 'utf8').toString('base64');
}

/** The two authentication headers for a request signed at `instant`. */
export function tascomiAuthHeaders(publicKey: string, privateKey: string, instant: DateTime, zone: string): { ts: string; headers: { 'X-Public': string; 'X-Hash': string } } {
  const ts = tascomiTimestamp(instant, zone);
  return { ts, headers: { 'X-Public': publicKey, 'X-Hash': tascomiHash(publicKey, privateKey, ts) } };
}

const MINUTE_MS = 60_000;
let lastStamp: { minute: number; zone: string; ts: string } | undefined;
let lastHash: { publicKey: string; privateKey: string; ts: string; hash: string } | undefined;

/**
 * tascomiAuthHeaders for an instant in epoch ms, for every request: the timestamp and the hash
 * change once a minute, so the last of each is kept (formatting in a zone with luxon and two
 * hashes cost more per request than the rest of its signing). Same result as tascomiAuthHeaders.
 */
export function tascomiAuthHeadersAt(publicKey: string, privateKey: string, epochMs: number, zone: string): { ts: string; headers: { 'X-Public': string; 'X-Hash': string } } {
  // Zone offsets are whole minutes, so one UTC minute is one local minute.
  const minute = Math.floor(epochMs / MINUTE_MS);
  if (lastStamp?.minute !== minute || lastStamp.zone !== zone) lastStamp = { minute, zone, ts: tascomiTimestamp(DateTime.fromMillis(minute * MINUTE_MS), zone) };
  const { ts } = lastStamp;
  if (lastHash?.ts !== ts || lastHash.publicKey !== publicKey || lastHash.privateKey !== privateKey)
    lastHash = { publicKey, privateKey, ts, hash: tascomiHash(publicKey, privateKey, ts) };
  return { ts, headers: { 'X-Public': publicKey, 'X-Hash': lastHash.hash } };
}
