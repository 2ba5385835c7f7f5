/** Small HTTP helpers: every answer carries a Date header from the server's (possibly skewed) clock. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 1_000_000;

export class BodyTooLarge extends Error {}

export interface Answer {
  status: number;
  /** A JSON value, a raw string (with its content type in headers), or undefined for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge(`The body is larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, answer: Answer, serverMs: number): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string> = { Date: new Date(serverMs).toUTCString(), ...answer.headers };
  let payload = '';
  if (answer.body !== undefined) {
    if (typeof answer.body === 'string' && headers['Content-Type']) payload = answer.body;
    else {
      payload = JSON.stringify(answer.body);
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(answer.status, headers);
  res.end(payload);
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Answer {
  return { status, body, headers };
}

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
