/**
 * HTTP helpers both emulators use: every answer carries a Date header from the server's (possibly
 * skewed) clock. Each emulator's own http.ts adds its remote's error body.
 */
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
