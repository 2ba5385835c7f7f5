/**
 * The CRM's side of the case webhook, written from the README's instructions rather than from the
 * engine's code, so tests check the engine's verification against a separate signer: sign
 * "<unix seconds>.<exact body>" with HMAC-SHA256 and the shared secret, send the seconds beside it.
 */
import { createHmac } from 'node:crypto';

export const CRM_TIMESTAMP_HEADER = 'X-Casebridge-Timestamp';
export const CRM_SIGNATURE_HEADER = 'X-Casebridge-Signature';

/** `sha256=<hex>` for a body sent at `timestampSeconds`. */
export function crmSignature(secret: string, timestampSeconds: number | string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex')}`;
}

/** The headers of one signed post, stamped with `nowMs` (the sender's clock). */
export function crmHeaders(secret: string, body: string | Buffer, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { 'content-type': 'application/json', [CRM_TIMESTAMP_HEADER]: String(timestamp), [CRM_SIGNATURE_HEADER]: crmSignature(secret, timestamp, body) };
}
