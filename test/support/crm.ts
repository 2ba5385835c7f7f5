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

export interface CrmAnswer {
  /** 0 when no answer came (the host is gone or refused the connection). */
  status: number;
  body: { message?: string; id?: string; event?: string } | null;
}

/**
 * Posts a case as the CRM does, signed at `nowMs` (the engine's clock in tests on a fake one); a case
 * without its own `updatedAt` is stamped with that time (the CRM's last change), which the webhook
 * requires.
 */
export async function postCase(url: string, secret: string, kase: object, nowMs = Date.now()): Promise<CrmAnswer> {
  const body = JSON.stringify({ updatedAt: new Date(nowMs).toISOString(), ...kase });
  try {
    const answer = await fetch(url, { method: 'POST', headers: crmHeaders(secret, body, nowMs), body });
    return { status: answer.status, body: (await answer.json().catch(() => null)) as CrmAnswer['body'] };
  } catch {
    return { status: 0, body: null };
  }
}

/**
 * The headers of a signed DELETE of a case: there is no body, so the CRM signs the method and the
 * path as it sends them, "<unix seconds>.DELETE /cases/<percent-encoded id>".
 */
export function crmDeletionHeaders(secret: string, path: string, nowMs: number): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [CRM_TIMESTAMP_HEADER]: String(timestamp), [CRM_SIGNATURE_HEADER]: crmSignature(secret, timestamp, `DELETE ${path}`) };
}

/** Asks casebridge to erase a case, as the CRM does (`url` is the webhook's /cases address). */
export async function deleteCase(url: string, secret: string, id: string, nowMs = Date.now()): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const target = new URL(`${url}/${encodeURIComponent(id)}`);
  const answer = await fetch(target, { method: 'DELETE', headers: crmDeletionHeaders(secret, target.pathname, nowMs) });
  return { status: answer.status, body: (await answer.json().catch(() => null)) as Record<string, unknown> | null };
}
