/**
 * Reads a small JSON request body for the sign-in routes, within a size cap and a time limit, so a
 * client that sends too much or too slowly loses its own request and holds nothing of the host's.
 */
import type { IncomingMessage } from 'node:http';

export const MAX_JSON_BODY_BYTES = 16_384;
export const JSON_BODY_TIMEOUT_MS = 10_000;

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 400 | 408 | 413 | 415; error: string };

export function readJsonBody(req: IncomingMessage, limits = { maxBytes: MAX_JSON_BODY_BYTES, timeoutMs: JSON_BODY_TIMEOUT_MS }): Promise<JsonBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return Promise.resolve({ ok: false, status: 415, error: 'Send the request as JSON (Content-Type: application/json).' });
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, status: 413, error: `The request is larger than ${limits.maxBytes} bytes, the most this address takes.` });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (body: JsonBody) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      // Whatever is left is read and dropped, so the answer can still be sent on this connection.
      req.resume();
      resolve(body);
    };
    const timer = setTimeout(() => finish({ ok: false, status: 408, error: 'The request took too long to arrive.' }), limits.timeoutMs);
    timer.unref();
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return finish({ ok: false, status: 413, error: `The request is larger than ${limits.maxBytes} bytes, the most this address takes.` });
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', () => finish({ ok: false, status: 400, error: 'The request was cut off.' }));
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        // A POST that carries nothing (sign-out) is an empty object, not a JSON error.
        finish({ ok: true, value: text.trim() === '' ? {} : JSON.parse(text) });
      } catch (error) {
        finish({ ok: false, status: 400, error: `The request is not valid JSON (${(error as Error).message}).` });
      }
    });
  });
}
