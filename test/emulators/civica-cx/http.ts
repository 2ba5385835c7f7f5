/** This emulator's HTTP helpers: the shared ones (../common/http.ts) and its remote's error body. */
import type { IncomingMessage } from 'node:http';
import type { Answer } from '../common/http';

export * from '../common/http';

/** Cx's error body: a machine-readable `code`, a sentence, and any extra fields (e.g. `errors`). */
export function problem(status: number, code: string, text: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Answer {
  return { status, body: { code, message: text, ...extra }, headers };
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A JSON body, or the answer that refuses it (415 for another type, 400 for bad JSON). */
export function parseJsonBody(req: IncomingMessage, body: Buffer): { value: unknown } | Answer {
  const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return problem(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json, not ${type || 'an untyped body'}`);
  }
  const text = body.toString('utf8');
  if (text.trim() === '') return problem(400, 'BAD_REQUEST', 'The body must be a JSON object, and it is empty');
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return problem(400, 'BAD_REQUEST', `The body is not JSON: ${(error as Error).message}`);
  }
}
