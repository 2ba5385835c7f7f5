/**
 * A signed webhook channel: `{ type: 'casebridge.alert', message }` posted as JSON to the channel's
 * URL, signed exactly as the CRM signs what it posts to the intake (cases/webhook-signature.ts), so
 * a receiver checks it with the same few lines: X-Casebridge-Timestamp (Unix seconds, from the
 * engine's clock) and X-Casebridge-Signature = sha256=<HMAC-SHA256 of "<timestamp>.<body>">, keyed
 * with the channel's signing secret.
 */
import type { AlertMessage } from '../../../../shared/domain/alerts';
import { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../cases/webhook-signature';
import type { Clock } from '../../clock';
import { postJson, type JsonPost } from './http-post';

export const ALERT_WEBHOOK_TYPE = 'casebridge.alert';

/** The body and headers of one signed post at the clock's now. */
export function signedAlert(message: AlertMessage, secret: string, clock: Pick<Clock, 'millis'>): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ type: ALERT_WEBHOOK_TYPE, message });
  const timestamp = String(Math.floor(clock.millis() / 1000));
  return { body, headers: { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signBody(secret, timestamp, body) } };
}

/** Posts the signed alert; resolves with what the receiver answered. */
export async function sendToWebhook(
  url: URL,
  message: AlertMessage,
  secret: string,
  clock: Pick<Clock, 'millis'>,
  options: Omit<JsonPost, 'url' | 'body' | 'headers'>,
): Promise<{ detail: string }> {
  const signed = signedAlert(message, secret, clock);
  const answer = await postJson({ ...options, url, ...signed });
  return { detail: `${url.host} answered ${answer.status}` };
}
