/**
 * The CRM's way in: `POST /cases` with a JSON case, signed with HMAC-SHA256 of the raw body using a
 * shared secret (design.md section 7). Binds to loopback unless told otherwise. The body and the
 * signature are never logged (a case carries personal details; a signature helps a forger).
 * A 202 is sent only after receive() has committed the case, so the CRM can retry anything else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { ReceiveResult } from './case-store';

export const SIGNATURE_HEADER = 'x-casebridge-signature';

export interface WebhookOptions {
  host?: string;
  port?: number;
  /** Read on every request, so a secret set or changed in the console applies at once. */
  getSecret: () => Promise<string | undefined>;
  maxBodyBytes?: number;
  receive: (input: unknown) => ReceiveResult;
  /**
   * Why no case can be stored now (the store is damaged): answered 503 with it, before the
   * signature is checked, so the CRM keeps the case and sends it again. Said to anyone: no paths.
   */
  unavailable?: () => string | undefined;
  /** Called after a case is committed (e.g. to apply rules); a throw is logged, the CRM still gets 202. */
  onReceived?: (result: Extract<ReceiveResult, { ok: true }>) => void;
  log?: { write(entry: NewLogEntry): unknown };
}

export interface WebhookListener {
  /** The endpoint to give the CRM, e.g. http://127.0.0.1:8765/cases. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `sha256=<hex>` of the raw body, as the CRM must send it. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function signatureMatches(secret: string, body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  // Both are 32 bytes here, as timingSafeEqual requires; the comparison time does not depend on content.
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}

class TooLarge extends Error {}

/** Reads the body, giving up (without reading the rest) once it passes `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** Answers before the body is read (or while it is still arriving): close the connection so the rest is never read. */
function refuseEarly(req: IncomingMessage, res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.on('finish', () => req.socket.destroySoon?.());
  send(res, status, body, { connection: 'close', ...headers });
}

export async function startWebhookListener(options: WebhookOptions): Promise<WebhookListener> {
  const { host = '127.0.0.1', port = 0, maxBodyBytes = 1_000_000, getSecret, receive, onReceived, log } = options;
  const write = (level: NewLogEntry['level'], message: string, caseId?: string) =>
    log?.write({ level, source: 'webhook', message, ...(caseId ? { caseId } : {}) });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/cases') return refuseEarly(req, res, 404, { message: 'Not found: cases are posted to /cases.' });
    if (req.method !== 'POST') return refuseEarly(req, res, 405, { message: 'Only POST is allowed on /cases.' }, { allow: 'POST' });
    const unavailable = options.unavailable?.();
    if (unavailable) {
      write('warn', `A case was refused (503): ${unavailable}`);
      return refuseEarly(req, res, 503, { message: unavailable }, { 'retry-after': '300' });
    }

    const secret = await getSecret();
    if (!secret) {
      write('warn', 'A case was refused: no webhook secret is set.');
      return refuseEarly(req, res, 503, { message: 'No webhook secret is set in casebridge: set one in Settings, then give it to the CRM to sign with.' });
    }
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (!(error instanceof TooLarge)) throw error;
      write('warn', `A case was refused: the body is larger than ${maxBodyBytes} bytes.`);
      return refuseEarly(req, res, 413, { message: `The body is larger than ${maxBodyBytes} bytes.` });
    }
    if (!signatureMatches(secret, body, req.headers[SIGNATURE_HEADER])) {
      write('warn', 'A case was refused: the signature is missing or does not match the body.');
      return send(res, 401, { message: `The ${SIGNATURE_HEADER} header is missing or is not sha256=<HMAC-SHA256 of the body with the shared secret>.` });
    }
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      write('warn', 'A case was refused: the body is not JSON.');
      return send(res, 400, { message: 'The body is not valid JSON.' });
    }
    const result = receive(input);
    if (!result.ok) {
      const paths = result.issues.map((i) => i.path || '(case)').join(', ');
      write('warn', `A case was refused: ${result.issues.length} invalid field(s): ${paths}.`);
      return send(res, 422, { message: `The case is not valid: ${paths}.`, issues: result.issues });
    }
    write('info', `Case ${result.event} from the webhook.`, result.case.id);
    try {
      onReceived?.(result);
    } catch (error) {
      write('error', `The case was stored, but applying it failed: ${(error as Error).message}`, result.case.id);
    }
    send(res, 202, { id: result.case.id, event: result.event });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      write('error', `The webhook could not handle a request: ${(error as Error).message}`);
      if (!res.headersSent) refuseEarly(req, res, 500, { message: 'casebridge could not store the case; try again.' });
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${bound}/cases`,
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
