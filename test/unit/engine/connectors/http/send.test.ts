/**
 * The shared sending alone, against a local server on 127.0.0.1 port 0: what an answer carries,
 * the timeout, the caller's abort, redirects left unfollowed, the connector's classification of a
 * request that got no answer, the answer redacted only when something reads it, and the wait for
 * the connection's rate limit (not timed, its place held until the answer is read, a 429 pausing).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { classifyFetchError, ConnectorError } from '../../../../../electron/engine/connectors/errors';
import { createRateLimiter } from '../../../../../electron/engine/connectors/http/rate-limit';
import { createHttpSender, type HttpExchange, type HttpRequest, type HttpSenderOptions } from '../../../../../electron/engine/connectors/http/send';
import type { FetchInit, FetchLike } from '../../../../../electron/engine/connectors/http/transport';
import { fakeClock } from '../../../../support/fake-clock';
import { settlesWithin } from '../../../../support/hang-guard';
import { manualClock } from '../../../../support/manual-clock';
import { closedPort, startLocalServer, type LocalServer } from '../../../../support/local-server';

let server: LocalServer;
let base: string;
const seen: { method: string; url: string; body: string }[] = [];

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body });
      if (req.url === '/json') res.writeHead(200, { 'Content-Type': 'application/json', Date: 'Mon, 15 Jun 2026 10:00:21 GMT' }).end('{"id":"7"}');
      else if (req.url === '/page') res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><title>Sign in</title></html>');
      else if (req.url === '/moved') res.writeHead(302, { Location: '/json' }).end();
      else if (req.url !== '/never') res.writeHead(404).end(); // /never holds the request open until the client gives up
    });
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

function sender(overrides: Partial<HttpSenderOptions> = {}) {
  const clock = fakeClock('2026-06-15T10:00:20.000Z');
  const redactResponse = vi.fn((response: { status: number; body: string }) => `HTTP ${response.status} (${response.body.length} chars)`);
  const classifyFailure = vi.fn((error: unknown, facts: { timedOut: boolean; timeoutMs: number; request: string }) => classifyFetchError(error, { connector: 'test', ...facts }));
  const made = createHttpSender({ clock, defaultTimeoutMs: 5_000, proxyEnv: {}, redactResponse, classifyFailure, ...overrides });
  return { clock, redactResponse, classifyFailure, sender: made };
}

const get = (path: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'GET',
  url: `${base}${path}`,
  headers: { Accept: 'application/json' },
  table: 'records',
  request: `GET ${path}`,
  changesNothing: true,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await settlesWithin(promise, 'the request');
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('the shared sending', () => {
  it('answers with the status, headers, body, the redacted request and the times on the clock', async () => {
    const { sender: s, clock } = sender();
    try {
      const answer = await s.send(get('/json'));
      expect(answer).toMatchObject({ status: 200, text: '{"id":"7"}', request: 'GET /json', sentAtMs: clock.millis(), receivedAtMs: clock.millis() });
      expect(answer.headers.get('date')).toBe('Mon, 15 Jun 2026 10:00:21 GMT');
      expect(answer.response()).toBe('HTTP 200 (10 chars)');
    } finally {
      s.close();
    }
  });

  it('sends the body and headers as given', async () => {
    const { sender: s } = sender();
    try {
      await s.send(get('/json', { method: 'POST', body: 'a=1&b=2', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, changesNothing: false }));
      expect(seen.at(-1)).toEqual({ method: 'POST', url: '/json', body: 'a=1&b=2' });
    } finally {
      s.close();
    }
  });

  it('does not follow a redirect: the 3xx is the answer, and the address it names is never asked', async () => {
    const { sender: s } = sender();
    try {
      const before = seen.length;
      const answer = await s.send(get('/moved'));
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe('/json');
      expect(seen.slice(before).map((r) => r.url)).toEqual(['/moved']);
    } finally {
      s.close();
    }
  });

  it('hands back an answer that is not JSON as it came (reading it is the connector’s)', async () => {
    const { sender: s } = sender();
    try {
      const answer = await s.send(get('/page'));
      expect(answer).toMatchObject({ status: 200, text: '<html><title>Sign in</title></html>' });
      expect(answer.headers.get('content-type')).toBe('text/html');
    } finally {
      s.close();
    }
  });

  it('gives up at its timeout, and the connector classifies it as a timeout', async () => {
    const { sender: s, classifyFailure } = sender({ timeoutMs: 150 });
    try {
      const error = await failure(s.send(get('/never', { changesNothing: false, method: 'POST' })));
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ kind: 'timeout', connector: 'test', retryable: true, mayHaveApplied: true, request: 'GET /never' });
      expect(classifyFailure).toHaveBeenCalledOnce();
      expect(classifyFailure.mock.calls[0]![1]).toEqual({ timedOut: true, timeoutMs: 150, request: 'GET /never' });
    } finally {
      s.close();
    }
  });

  it('a request that changes nothing never "may have applied", whatever happened to it', async () => {
    const { sender: s } = sender({ timeoutMs: 150 });
    try {
      expect(await failure(s.send(get('/never')))).toMatchObject({ kind: 'timeout', mayHaveApplied: false });
    } finally {
      s.close();
    }
  });

  it('ends at once when the caller aborts, failing with the caller’s reason, not as a timeout', async () => {
    const { sender: s, classifyFailure } = sender({ timeoutMs: 60_000 });
    const caller = new AbortController();
    const reason = new Error('the engine is stopping');
    try {
      const pending = s.send(get('/never', { signal: caller.signal }));
      setTimeout(() => caller.abort(reason), 20);
      expect(await failure(pending)).toBe(reason);
      expect(classifyFailure).not.toHaveBeenCalled();
    } finally {
      s.close();
    }
  });

  it('a refused connection is the connector’s connection failure, not a timeout', async () => {
    const port = await closedPort();
    const { sender: s, classifyFailure } = sender();
    try {
      const error = await failure(s.send({ ...get('/json'), url: `http://127.0.0.1:${port}/json` }));
      expect(error).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED', mayHaveApplied: false });
      expect(classifyFailure.mock.calls[0]![1]).toMatchObject({ timedOut: false });
    } finally {
      s.close();
    }
  });

  it('redacts the answer only when something reads it, and then once', async () => {
    const heard: HttpExchange[] = [];
    const { sender: s, redactResponse } = sender({ onExchange: (exchange) => heard.push(exchange) });
    try {
      const answer = await s.send(get('/json', { sending: 2 }));
      expect(heard).toHaveLength(1);
      expect(heard[0]).toMatchObject({ method: 'GET', table: 'records', status: 200, sending: 2, request: 'GET /json' });
      expect(heard[0]!.durationMs).toBeGreaterThanOrEqual(0);
      expect(redactResponse).not.toHaveBeenCalled();
      expect(heard[0]!.response).toBe('HTTP 200 (10 chars)');
      expect(answer.response()).toBe('HTTP 200 (10 chars)');
      expect(heard[0]!.response).toBe('HTTP 200 (10 chars)');
      expect(redactResponse).toHaveBeenCalledOnce();
    } finally {
      s.close();
    }
  });

  it('uses the injected fetch when given one, with redirects left manual', async () => {
    const fetch = vi.fn(async () => ({ status: 204, headers: { get: () => null }, text: async () => '' }));
    const { sender: s } = sender({ fetch });
    const answer = await s.send(get('/anything', { body: 'x=1', method: 'PUT', changesNothing: false }));
    expect(answer.status).toBe(204);
    expect(fetch).toHaveBeenCalledWith(`${base}/anything`, expect.objectContaining({ method: 'PUT', body: 'x=1', redirect: 'manual' }));
    s.close();
  });
});

describe('the shared sending under a rate limit', () => {
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const answer = (status: number, headers: Record<string, string> = {}, text: () => Promise<string> = async () => '') => ({
    status,
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    text,
  });
  const limited = (fetch: FetchLike, limit = { requestsPerSecond: 50, maxConcurrent: 1 }) => {
    const clock = manualClock('2026-06-15T10:00:20.000Z');
    const rateLimit = createRateLimiter({ clock, limit });
    const made = createHttpSender({
      clock,
      fetch,
      rateLimit,
      defaultTimeoutMs: 50,
      redactResponse: () => '',
      classifyFailure: (error, facts) => classifyFetchError(error, { connector: 'test', ...facts }),
    });
    return { clock, rateLimit, sender: made };
  };

  it('waits for its turn before it is sent, and its timeout starts only when it is sent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const fetch = vi.fn(async (_url: string, init: FetchInit) => {
        expect(init.signal?.aborted).toBe(false);
        return answer(200);
      });
      const { clock, rateLimit, sender: s } = limited(fetch);
      const place = await rateLimit.acquire();
      const sent = s.send(get('/json'));
      await settle();
      vi.advanceTimersByTime(10_000); // far past the 50 ms timeout, while held
      await settle();
      expect(fetch).not.toHaveBeenCalled();
      expect(rateLimit.view()).toEqual({ held: 1 });
      place();
      clock.advance(20); // its turn by the spacing (50 a second)
      expect((await sent).status).toBe(200);
      expect(fetch).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds its place until the answer is read, and frees it when the request fails', async () => {
    let finishReading!: (text: string) => void;
    const fetch = vi
      .fn<FetchLike>()
      .mockResolvedValueOnce(answer(200, {}, () => new Promise<string>((resolve) => (finishReading = resolve))))
      .mockRejectedValueOnce(new TypeError('fetch failed'))
      .mockResolvedValueOnce(answer(204));
    const { clock, rateLimit, sender: s } = limited(fetch, { requestsPerSecond: 1000, maxConcurrent: 1 });
    const reading = s.send(get('/json'));
    await settle();
    const failing = s.send(get('/json'));
    await settle();
    expect(rateLimit.view()).toEqual({ held: 1 }); // the first is still being read
    finishReading('{}');
    await settlesWithin(reading, 'the first request');
    clock.advance(1);
    await expect(settlesWithin(failing, 'the failing request')).rejects.toThrow();
    clock.advance(1);
    expect((await settlesWithin(s.send(get('/json')), 'the request after a failure')).status).toBe(204);
    expect(rateLimit.view()).toBeUndefined();
  });

  it('pauses the whole connection for a 429’s Retry-After, and still answers the 429 to the connector', async () => {
    const fetch = vi
      .fn<FetchLike>()
      .mockResolvedValueOnce(answer(429, { 'retry-after': '7' }))
      .mockResolvedValue(answer(200));
    const { clock, rateLimit, sender: s } = limited(fetch, { requestsPerSecond: 50, maxConcurrent: 3 });
    const t0 = clock.millis();
    expect((await s.send(get('/json'))).status).toBe(429);
    expect(rateLimit.view()).toEqual({ held: 0, pausedUntilMs: t0 + 7_000 });
    const next = s.send(get('/json'));
    await settle();
    clock.advance(6_999);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    clock.advance(1);
    expect((await settlesWithin(next, 'the request after the pause')).status).toBe(200);
  });
});
