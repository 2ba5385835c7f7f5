/**
 * The CRM's way in: `POST /cases` with a JSON case, stamped and signed (webhook-signature.ts), and
 * carrying its `updatedAt` so an older revision is refused (case-order.ts). Binds to loopback unless
 * told otherwise. Everything that can be refused without the body (limits, path, method, content
 * type, timestamp, size) is refused before it is read, and the connection closed. The body and the
 * signature are never logged (a case carries personal details; a signature helps a forger).
 * A 202 is sent only after receive() has committed the case durably, so the CRM can retry anything else.
 *
 * `DELETE /cases/{id}` erases a case's personal data at the CRM's request (cases/case-erasure.ts):
 * no body, signed over "<timestamp>.DELETE <path as sent>" (webhook-signature.ts) and checked before
 * anything says whether the case exists. 200 with what was erased (counts); 404 for a case casebridge
 * does not hold; 409 while one of its jobs is sending it (try again shortly); 401 as for a post.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_TIMESTAMP_TOLERANCE_SECONDS } from '../../../shared/domain/intake';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Clock } from '../clock';
import type { CaseErasure } from '../../../shared/domain/case-erasure';
import { httpStatusOf, type HealthReport } from '../monitoring/health-report';
import { ErasureRefused } from './case-erasure';
import type { ReceiveResult } from './case-store';
import { createAdmission, WEBHOOK_LIMITS, type WebhookLimits } from './webhook-admission';
import { deletionSigned, SIGNATURE_HEADER, signatureMatches, TIMESTAMP_HEADER, timestampProblem } from './webhook-signature';

export interface WebhookOptions {
  host?: string;
  port?: number;
  /** Asked on every request; a secret set in the console restarts the listener (intake-listener.ts). */
  getSecret: () => Promise<string | undefined>;
  /** This machine's clock: the timestamps' reference, and the rate limits' time. */
  clock: Pick<Clock, 'millis'>;
  /** How far a request's timestamp may be from `clock` (default 300 s). */
  toleranceSeconds?: number;
  limits?: Partial<WebhookLimits>;
  /** Stores the case; resolves once it is durable (the group commit, intake-batch.ts). */
  receive: (input: unknown) => ReceiveResult | Promise<ReceiveResult>;
  /**
   * Why no case can be stored now (the store is damaged): answered 503 with it, before the
   * signature is checked, so the CRM keeps the case and sends it again. Said to anyone: no paths.
   */
  unavailable?: () => string | undefined;
  /** Called after a case is committed (e.g. to apply rules); a throw is logged, the CRM still gets 202. */
  onReceived?: (result: Extract<ReceiveResult, { ok: true }>) => void;
  log?: { write(entry: NewLogEntry): unknown };
  /**
   * Erases a case at the CRM's signed `DELETE /cases/{id}`; throws ErasureRefused for a case not
   * held (404) or one being sent now (409). Without it, DELETE is not offered (404).
   */
  erase?: (id: string) => CaseErasure;
  /** The engine's monitoring: `GET /healthz` answers its report, and every answer's status is counted. */
  monitoring?: WebhookMonitoring;
}

export interface WebhookMonitoring {
  report(): HealthReport;
  answered(status: number): void;
}

export interface WebhookListener {
  /** The endpoint to give the CRM, e.g. http://127.0.0.1:8765/cases. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A CRM sends its headers at once; a connection that does not is closed this soon. */
const HEADERS_TIMEOUT_MS = 10_000;
/** A connection past its address's maximum that sends no request is closed after this. */
const REFUSED_CONNECTION_GRACE_MS = 2_000;

class TooLarge extends Error {}

/** Reads the body, giving up (without reading the rest) once it passes `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
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
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** Answers before the body is read (or while it is still arriving): close the connection so the rest is never read. */
function refuseEarly(req: IncomingMessage, res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.on('finish', () => req.socket.destroySoon?.());
  send(res, status, body, { connection: 'close', ...headers });
}

/** `application/json`, with at most a UTF-8 charset (JSON is UTF-8: RFC 8259). */
function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  return type === 'application/json' && params.every((p) => p === '' || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

const hasUpdatedAt = (input: unknown) => typeof input === 'object' && input !== null && !Array.isArray(input) && 'updatedAt' in input;

export async function startWebhookListener(options: WebhookOptions): Promise<WebhookListener> {
  const { host = '127.0.0.1', port = 0, toleranceSeconds = DEFAULT_TIMESTAMP_TOLERANCE_SECONDS, getSecret, clock, receive, onReceived, log } = options;
  const limits: WebhookLimits = { ...WEBHOOK_LIMITS, ...options.limits };
  const admission = createAdmission(limits, clock);
  /** Connections past their address's maximum: their request is answered 429. */
  const overLimit = new WeakSet<Socket>();
  const write = (level: NewLogEntry['level'], message: string, caseId?: string) => log?.write({ level, source: 'webhook', message, ...(caseId ? { caseId } : {}) });
  /** Refusals for too many requests are logged once a minute per address, not once each (a flood would fill the log). */
  const floodLoggedAt = new Map<string, number>();
  const logFlood = (address: string, what: string) => {
    const now = clock.millis();
    if (now - (floodLoggedAt.get(address) ?? -Infinity) < 60_000) return;
    if (floodLoggedAt.size > 1000) floodLoggedAt.clear();
    floodLoggedAt.set(address, now);
    write('warn', `Requests from ${address} are being refused: ${what}.`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const address = req.socket.remoteAddress ?? 'unknown';
    if (overLimit.has(req.socket)) {
      logFlood(address, `more than ${limits.maxConnectionsPerAddress} connections at once`);
      return refuseEarly(req, res, 429, { message: `Too many connections from ${address}: at most ${limits.maxConnectionsPerAddress} at once.` }, { 'retry-after': '1' });
    }
    const allowance = admission.takeRequest(address);
    if (!allowance.ok) {
      logFlood(address, `more than ${limits.requestsPerSecondPerAddress} requests a second`);
      return refuseEarly(
        req,
        res,
        429,
        { message: `Too many requests from ${address}: at most ${limits.requestsPerSecondPerAddress} a second.` },
        { 'retry-after': String(allowance.retryAfterSeconds) },
      );
    }
    const deletion = options.erase ? /^\/cases\/([^/?#]+)$/.exec(req.url ?? '') : null;
    if (deletion) return handleDelete(req, res, deletion[0], deletion[1]!);
    const path = req.url === '/cases' ? '/cases' : new URL(req.url ?? '/', 'http://localhost').pathname;
    // For the council's monitor, behind the same per-address limits as cases; it says nothing personal.
    if (path === '/healthz' && options.monitoring) {
      if (req.method !== 'GET') return refuseEarly(req, res, 405, { message: 'Only GET is allowed on /healthz.' }, { allow: 'GET' });
      const report = options.monitoring.report();
      return send(res, httpStatusOf(report), report);
    }
    if (path !== '/cases') return refuseEarly(req, res, 404, { message: 'Not found: cases are posted to /cases.' });
    if (req.method !== 'POST') return refuseEarly(req, res, 405, { message: 'Only POST is allowed on /cases.' }, { allow: 'POST' });
    const unavailable = options.unavailable?.();
    if (unavailable) {
      logFlood(address, `casebridge cannot store cases now (503): ${unavailable}`); // once a minute, as the CRM retries
      return refuseEarly(req, res, 503, { message: unavailable }, { 'retry-after': '300' });
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      write('warn', 'A case was refused: the Content-Type is not application/json.');
      return refuseEarly(req, res, 415, { message: `The Content-Type must be application/json (UTF-8), not '${(req.headers['content-type'] ?? 'none').slice(0, 60)}'.` });
    }

    const secret = await getSecret();
    if (!secret) {
      write('warn', 'A case was refused: no webhook secret is set.');
      return refuseEarly(req, res, 503, { message: 'No webhook secret is set in casebridge: set one in Settings, then give it to the CRM to sign with.' });
    }
    const timestamp = req.headers[TIMESTAMP_HEADER];
    const stale = timestampProblem(timestamp, clock.millis(), toleranceSeconds);
    if (stale) {
      write('warn', `A case was refused: ${stale}`);
      return refuseEarly(req, res, 401, { message: stale });
    }
    const declared = Number(req.headers['content-length']);
    const tooLarge = () => {
      write('warn', `A case was refused: the body is larger than ${limits.maxBodyBytes} bytes.`);
      refuseEarly(req, res, 413, { message: `The body is larger than ${limits.maxBodyBytes} bytes.` });
    };
    if (Number.isFinite(declared) && declared > limits.maxBodyBytes) return tooLarge();
    // Held until the answer is sent (or the connection drops): the body, then the case parsed from it.
    const release = admission.holdBody(Number.isFinite(declared) ? declared : limits.maxBodyBytes);
    if (!release) {
      logFlood('all addresses', `more than ${limits.maxBodyBytesInHand} bytes of bodies at once`);
      return refuseEarly(req, res, 503, { message: 'casebridge is receiving too much at once; try again shortly.' }, { 'retry-after': '1' });
    }
    res.once('close', release);

    let body: Buffer;
    try {
      body = await readBody(req, limits.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof TooLarge)) throw error;
      return tooLarge();
    }
    if (!signatureMatches(secret, timestamp as string, body, req.headers[SIGNATURE_HEADER])) {
      write('warn', 'A case was refused: the signature is missing or does not match the timestamp and body.');
      return send(res, 401, {
        message: 'The X-Casebridge-Signature header is missing or is not sha256=<HMAC-SHA256 of "<X-Casebridge-Timestamp>.<body>" with the shared secret>.',
      });
    }
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      write('warn', 'A case was refused: the body is not JSON.');
      return send(res, 400, { message: 'The body is not valid JSON.' });
    }
    if (!hasUpdatedAt(input)) {
      const issue = {
        path: 'updatedAt',
        message: "required: the CRM's time of its last change to the case (ISO 8601 with an offset), so an older revision can be told from a newer one",
      };
      write('warn', 'A case was refused: it has no updatedAt.');
      return send(res, 422, { message: 'The case is not valid: updatedAt.', issues: [issue] });
    }
    const result = await receive(input);
    if (!result.ok && result.reason === 'out-of-order') {
      write('warn', result.issues[0]!.message, result.id);
      const { id, updatedAt, storedUpdatedAt } = result;
      return send(res, 409, { message: result.issues[0]!.message, id, ...(updatedAt ? { updatedAt } : {}), storedUpdatedAt });
    }
    if (!result.ok) {
      const paths = result.issues.map((i) => i.path || '(case)').join(', ');
      write('warn', `A case was refused: ${result.issues.length} invalid field(s): ${paths}.`);
      return send(res, 422, { message: `The case is not valid: ${paths}.`, issues: result.issues });
    }
    try {
      onReceived?.(result);
    } catch (error) {
      write('error', `The case was stored, but applying it failed: ${(error as Error).message}`, result.case.id);
    }
    send(res, 202, { id: result.case.id, event: result.event });
  };

  /** The CRM's request to erase a case: everything refusable is refused before the case is looked up. */
  const handleDelete = async (req: IncomingMessage, res: ServerResponse, path: string, encodedId: string) => {
    if (req.method !== 'DELETE') return refuseEarly(req, res, 405, { message: 'Only DELETE is allowed on /cases/{id}; cases are posted to /cases.' }, { allow: 'DELETE' });
    const unavailable = options.unavailable?.();
    if (unavailable) return refuseEarly(req, res, 503, { message: unavailable }, { 'retry-after': '300' });
    const refuse = (status: number, message: string, headers: Record<string, string> = {}) => {
      write('warn', `A case erasure was refused: ${message}`);
      refuseEarly(req, res, status, { message }, headers);
    };
    if (req.headers['transfer-encoding'] || Number(req.headers['content-length'] ?? 0) !== 0) {
      return refuse(400, `A DELETE carries no body: sign "<X-Casebridge-Timestamp>.DELETE ${path}" instead.`);
    }
    const secret = await getSecret();
    if (!secret) return refuse(503, 'No webhook secret is set in casebridge: set one in Settings, then give it to the CRM to sign with.');
    const timestamp = req.headers[TIMESTAMP_HEADER];
    const stale = timestampProblem(timestamp, clock.millis(), toleranceSeconds);
    if (stale) return refuse(401, stale);
    if (!signatureMatches(secret, timestamp as string, deletionSigned(path), req.headers[SIGNATURE_HEADER])) {
      return refuse(401, `The X-Casebridge-Signature header is missing or is not sha256=<HMAC-SHA256 of "<X-Casebridge-Timestamp>.DELETE ${path}" with the shared secret>.`);
    }
    let id: string;
    try {
      id = decodeURIComponent(encodedId).trim();
    } catch {
      return refuse(400, 'The case id in the path is not valid percent-encoded UTF-8.');
    }
    if (id.length === 0 || id.length > 100) return refuse(400, 'The case id in the path must be 1 to 100 characters.');
    try {
      send(res, 200, options.erase!(id));
    } catch (error) {
      if (!(error instanceof ErasureRefused)) throw error;
      if (error.why === 'job_running') return refuse(409, error.message, { 'retry-after': '60' });
      write('info', `The CRM asked to erase case ${id}, which casebridge does not hold.`);
      send(res, 404, { message: error.message, id });
    }
  };

  const server = createServer((req, res) => {
    if (options.monitoring) res.once('finish', () => options.monitoring?.answered(res.statusCode));
    handle(req, res).catch((error: unknown) => {
      write('error', `The webhook could not handle a request: ${(error as Error).message}`);
      if (!res.headersSent) refuseEarly(req, res, 500, { message: `casebridge could not ${req.method === 'DELETE' ? 'erase' : 'store'} the case; try again.` });
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    if (admission.openConnection(address)) {
      socket.once('close', () => admission.closeConnection(address));
      return;
    }
    overLimit.add(socket);
    socket.setTimeout(REFUSED_CONNECTION_GRACE_MS, () => socket.destroy());
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, an error is a socket's or the server's own: logged, never thrown at the engine.
  server.on('error', (error) => write('error', `The case webhook failed: ${error.message}`));
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
