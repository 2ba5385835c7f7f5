/**
 * One HTTP exchange, sent as every connector sends it. What differs per connector (signing or a
 * token, which failures are retried, its words) stays in the connector and is passed in.
 *
 * Decisions:
 * - Each sending has its own timeout, on real timers (the network does not run on the injected
 *   clock), and the body is read under the same timeout.
 * - The caller's signal (the engine stopping) ends it at once, and the call fails with the
 *   signal's reason, not as a timeout or a connection failure.
 * - Redirects are never followed: a 3xx comes back as an answer for the connector to explain (the
 *   base URL is wrong), so credentials are never sent on to another address.
 * - A request that got no answer is classified by the connector (classifyFailure); one that
 *   changes nothing (a read, a sign-in) never "may have applied", whatever happened to it.
 * - The answer is redacted only when something reads it (an error, an attempt capturing its
 *   exchanges): most exchanges are never logged in full, and redaction costs more than sending.
 * - With a rate limit (./rate-limit.ts), the request waits for its turn before it is sent: the
 *   timeout starts when it is sent, so waiting is never a timeout. Its place is held until the
 *   answer is read or it failed. A 429 pauses the whole connection (its Retry-After); the request
 *   itself fails as the connector says, as without a limit. A request whose headers carry the time
 *   (Tascomi's signature) is made only when its turn comes (sendWhenDue).
 */
import type { Clock } from '../../clock';
import { parseRetryAfter, type ConnectorError } from '../errors';
import { startDeadline } from './deadline';
import type { RateLimiter } from './rate-limit';
import { createDefaultTransport, type FetchLike, type FetchResponseLike, type ProxyEnv } from './transport';

export type ResponseHeaders = FetchResponseLike['headers'];

/** One exchange as a connector's listener hears it (the attempt log: ./exchange-capture.ts). */
export interface HttpExchange {
  method: string;
  /** The resource ("complaints", "token"), named `table` as the attempt log expects. */
  table: string;
  status: number;
  durationMs: number;
  /** 1 for the first sending, 2 for the one resend after authenticating again (re-signed, or signed in again). */
  sending: number;
  /** Redacted request and answer; `response` is redacted on first read. */
  request: string;
  response: string;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The resource, for the exchange listener. */
  table: string;
  /** The request as the log may show it, already redacted by the connector. */
  request: string;
  /** 1 for the first sending (default), 2 for the resend after authenticating again. */
  sending?: number;
  /** Sending it changes nothing on the remote (a GET, a sign-in). */
  changesNothing: boolean;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: ResponseHeaders;
  text: string;
  /** The redacted request. */
  request: string;
  /** The redacted answer, made on first call. */
  response(): string;
  /** On the client's clock: when the request left and when its answer had been read. */
  sentAtMs: number;
  receivedAtMs: number;
}

export interface FailureFacts {
  /** Our own timeout fired (not the caller's signal). */
  timedOut: boolean;
  timeoutMs: number;
  request: string;
}

/** What a connector client's options say of its HTTP: every client takes these. */
export interface HttpClientOptions {
  /** Injectable for tests; default the keep-alive transport with proxy support (./transport.ts). */
  fetch?: FetchLike;
  /** How long one sending may take, its answer read (default: the connector's). */
  timeoutMs?: number;
  /** A proxy setting overriding HTTPS_PROXY/HTTP_PROXY (null = always direct); only for the default fetch. */
  proxy?: string | null;
  /** Where HTTPS_PROXY/HTTP_PROXY/NO_PROXY are read (default process.env); only for the default fetch. */
  proxyEnv?: ProxyEnv;
  /** Hears every exchange that got an answer, its request and answer redacted (for attempt logs). */
  onExchange?: (exchange: HttpExchange) => void;
  /** The connection's rate limit, shared by every client of that connection (../rate-limits.ts). */
  rateLimit?: RateLimiter;
}

export interface HttpSenderOptions extends HttpClientOptions {
  clock: Pick<Clock, 'millis'>;
  /** The connector's timeout when `timeoutMs` is not given. */
  defaultTimeoutMs: number;
  /** The connector's error for a request that got no answer (a connection failure or a timeout). */
  classifyFailure(error: unknown, facts: FailureFacts): ConnectorError;
  /** The answer as the log may show it. */
  redactResponse(response: { status: number; headers: ResponseHeaders; body: string }): string;
}

export interface HttpSender {
  send(request: HttpRequest): Promise<HttpAnswer>;
  /**
   * As send, the request made by `make` only once its turn under the rate limit has come: a
   * signature then carries the moment it is sent, however long it waited.
   */
  sendWhenDue(signal: AbortSignal | undefined, make: () => HttpRequest): Promise<HttpAnswer>;
  /** Closes idle keep-alive connections of the default transport. */
  close(): void;
}

export function createHttpSender(options: HttpSenderOptions): HttpSender {
  const { clock } = options;
  const timeoutMs = options.timeoutMs ?? options.defaultTimeoutMs;
  const transport = options.fetch ? null : createDefaultTransport({ proxy: options.proxy, proxyEnv: options.proxyEnv });
  const fetchImpl: FetchLike = options.fetch ?? transport!.fetch;

  async function sendWhenDue(signal: AbortSignal | undefined, make: () => HttpRequest): Promise<HttpAnswer> {
    const release = options.rateLimit ? await options.rateLimit.acquire(signal) : undefined;
    try {
      return await sendNow(make());
    } finally {
      release?.();
    }
  }

  async function sendNow(request: HttpRequest): Promise<HttpAnswer> {
    const { method, url, headers, body, signal } = request;
    const sentAtMs = clock.millis();
    const started = performance.now();
    const deadline = startDeadline(timeoutMs, signal);
    let response: FetchResponseLike;
    let text: string;
    try {
      response = await fetchImpl(url, { method, headers, body, signal: deadline.signal, redirect: 'manual' });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const classified = options.classifyFailure(error, { timedOut: deadline.timedOut(), timeoutMs, request: request.request });
      if (request.changesNothing) classified.mayHaveApplied = false;
      throw classified;
    } finally {
      deadline.clear();
    }
    const { status, headers: responseHeaders } = response;
    if (status === 429) options.rateLimit?.pauseFor(parseRetryAfter(responseHeaders.get('retry-after'), Date.parse(responseHeaders.get('date') ?? '') || clock.millis()));
    let redacted: string | undefined;
    const answer: HttpAnswer = {
      status,
      headers: responseHeaders,
      text,
      request: request.request,
      response: () => (redacted ??= options.redactResponse({ status, headers: responseHeaders, body: text })),
      sentAtMs,
      receivedAtMs: clock.millis(),
    };
    options.onExchange?.({
      method,
      table: request.table,
      status,
      durationMs: Math.round(performance.now() - started),
      sending: request.sending ?? 1,
      request: request.request,
      get response() {
        return answer.response();
      },
    });
    return answer;
  }

  return { send: (request) => sendWhenDue(request.signal, () => request), sendWhenDue, close: () => transport?.close() };
}
