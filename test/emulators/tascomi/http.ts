/** This emulator's HTTP helpers: the shared ones (../common/http.ts) and its remote's error body. */
import type { Answer } from '../common/http';

export * from '../common/http';

/** Tascomi's error body: `{message, ...}`. */
export function message(status: number, text: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Answer {
  return { status, body: { message: text, ...extra }, headers };
}
