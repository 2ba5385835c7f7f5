/**
 * How this instance answers a refusal: with an HTTP error status (`status`, the default: 409, 422
 * and the sign-in's 401 as the README's table says), or "quietly" (`body`): 200 with the refusal in
 * the answer's body, as a Cx consultant's public posts say Cx often does. The body's shape is our
 * design (the client reads it in dialect.ts): `{ "outcome": "Refused", "messages": ["..."] }`.
 */
import type { Answer } from './http';

export const REFUSAL_STYLES = ['status', 'body'] as const;
export type RefusalStyle = (typeof REFUSAL_STYLES)[number];

export function parseRefusalStyle(value: unknown, where: string): RefusalStyle {
  if (typeof value === 'string' && (REFUSAL_STYLES as readonly string[]).includes(value)) return value as RefusalStyle;
  throw new Error(`${where}: must be one of ${REFUSAL_STYLES.join(', ')}, not ${JSON.stringify(value)}`);
}

/** Refusals of what was asked (not of the caller, the token or the transport). */
function isRefusal(answer: Answer): boolean {
  if (answer.status === 409 || answer.status === 422) return true;
  const code = (answer.body as { code?: unknown } | undefined)?.code;
  return answer.status === 401 && code === 'BAD_CREDENTIALS';
}

/** The answer as the instance's refusal style gives it. */
export function inRefusalStyle(style: RefusalStyle, answer: Answer): Answer {
  if (style === 'status' || !isRefusal(answer)) return answer;
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  return { status: 200, body: { outcome: 'Refused', messages: typeof message === 'string' ? [message] : [] } };
}
