/**
 * How the CRM proves a post is its own and fresh (Stripe's scheme): `X-Casebridge-Timestamp` holds
 * the Unix time in seconds at which it signed, and `X-Casebridge-Signature` is
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<exact body>">` keyed with the shared secret. The
 * timestamp is checked first, before the body is read, against this machine's clock with a
 * tolerance: a captured request replayed later is refused, and the answer says how far off the
 * sender's clock is, so a drifting CRM clock is told apart from a replay. No unsigned-timestamp mode.
 *
 * A `DELETE /cases/{id}` (erase a case) has no body: in its place the CRM signs the method, a space
 * and the path exactly as it sends it in the request line, percent-encoding and all, so the
 * signature names the case: HMAC-SHA256 of "<timestamp>.DELETE /cases/CRM-1001". A signed DELETE
 * cannot be turned into another case's, and a POST's signature never matches a DELETE's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-casebridge-timestamp';
export const SIGNATURE_HEADER = 'x-casebridge-signature';

/** Undefined when the timestamp is within `toleranceSeconds` of `nowMs`; otherwise what is wrong. */
export function timestampProblem(header: string | string[] | undefined, nowMs: number, toleranceSeconds: number): string | undefined {
  const name = 'X-Casebridge-Timestamp';
  if (header === undefined) return `The ${name} header is missing: send the Unix time in seconds at which the request was signed.`;
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header.trim())) {
    const shown = (Array.isArray(header) ? header.join(', ') : header).slice(0, 40);
    return `The ${name} header ('${shown}') is not a Unix time in whole seconds, such as ${Math.floor(nowMs / 1000)}.`;
  }
  const offset = Math.round(nowMs / 1000 - Number(header));
  if (Math.abs(offset) <= toleranceSeconds) return undefined;
  const way = offset > 0 ? "behind this machine's clock" : "ahead of this machine's clock";
  return `The ${name} header (${header.trim()}) is ${Math.abs(offset)} s ${way}; the tolerance is ${toleranceSeconds} s. Check the CRM's clock; an old request sent again is refused this way.`;
}

/**
 * The `X-Casebridge-Signature` value for a body sent at `timestamp` (Unix seconds): how casebridge
 * signs what it posts itself (the alerts' signed webhook), so a receiver checks it as the intake does.
 */
export function signBody(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp.trim()}.`).update(body).digest('hex')}`;
}

/** Whether the header is `sha256=<hex>` of the HMAC of "<timestamp>.<body>" with the secret. */
export function signatureMatches(secret: string, timestamp: string, body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp.trim()}.`).update(body).digest();
  // Both are 32 bytes here, as timingSafeEqual requires; the comparison time does not depend on content.
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}

/** What stands in for the body in a DELETE's signature: "DELETE <path as sent>". */
export function deletionSigned(path: string): Buffer {
  return Buffer.from(`DELETE ${path}`, 'utf8');
}
