/**
 * Reading an HTTP answer alike for every connector: success is a 2xx, a number header is a number
 * or null, a JSON body is JSON or named for what it is instead, and a redirect (never followed:
 * ./send.ts) means the base URL is not the API's. The errors stay the connector's; these give them
 * their facts and their words.
 */
import type { ConnectorErrorInit } from '../errors';
import type { HttpAnswer, ResponseHeaders } from './send';

/** How a connector's messages name the remote and the setting that holds its address. */
export interface RemoteWords {
  /** "Tascomi", "Civica Cx". */
  remote: string;
  /** As the Connections page names it: "API base URL", "API URL". */
  urlSetting: string;
}

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** Untrusted text made safe to quote in a message: printable characters only, shortened. */
export function quoteUntrusted(text: string, max = 60): string {
  const printable = text
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

/** A header holding a number (a total, a page number), or null when it is absent or not a number. */
export function headerNumber(headers: ResponseHeaders, name: string): number | null {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The body's JSON, or what the body is instead (for the connector's unreadable-answer error). */
export function readJson(text: string): { ok: true; value: unknown } | { ok: false; what: string } {
  if (text.trim() === '') return { ok: false, what: 'an empty body' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, what: 'something that is not JSON' };
  }
}

/** A 3xx answer as a validation failure of the base URL; undefined for any other answer. */
export function redirectFailure(answer: HttpAnswer, words: RemoteWords): (ConnectorErrorInit & { kind: 'validation' }) | undefined {
  if (answer.status < 300 || answer.status >= 400) return undefined;
  const location = answer.headers.get('location');
  return {
    kind: 'validation',
    status: answer.status,
    message: `${words.remote} redirected the request${location ? ` to ${location}` : ''} (HTTP ${answer.status}). Check the ${words.urlSetting}${location ? ': it may need to be the address it redirects to' : ''}.`,
    fields: { baseUrl: 'redirected' },
    request: answer.request,
    response: answer.response(),
  };
}

/** An answer that is not one the API gives (`what`: "an empty body", "a list that does not hold records"...). */
export function unreadableFailure(answer: HttpAnswer, words: RemoteWords, what: string): ConnectorErrorInit & { kind: 'remote' } {
  return {
    kind: 'remote',
    status: answer.status,
    message: `${words.remote} answered with ${what} (HTTP ${answer.status}). If this keeps happening, a proxy or login page may be in the way; check the ${words.urlSetting} and the proxy settings.`,
    request: answer.request,
    response: answer.response(),
  };
}
