/** This emulator's HTTP helpers: the shared ones (../common/http.ts) and its remote's error body. */
import type { Answer } from '../common/http';

export * from '../common/http';

/** Tascomi's error body: `{message, ...}`. */
export function message(status: number, text: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Answer {
  return { status, body: { message: text, ...extra }, headers };
}

const PLAIN = /^[A-Za-z0-9_.-]{1,60}$/;
const SHOWN_MAX = 60;

/**
 * Untrusted text (an id, a field name) as error text shows it: a plain token bare, anything else
 * JSON-quoted (quotes and control characters escaped) and cut to a bounded length.
 */
export function shown(text: string): string {
  if (PLAIN.test(text)) return text;
  const cut = text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX)}…` : text;
  return JSON.stringify(cut);
}
