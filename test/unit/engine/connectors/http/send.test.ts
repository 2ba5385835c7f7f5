/**
 * The shared sending alone, against a local server on 127.0.0.1 port 0: what an answer carries,
 * the timeout, the caller's abort, redirects left unfollowed, the connector's classification of a
 * request that got no answer, and the answer redacted only when something reads it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { classifyFetchError, ConnectorError } from '../../../../../electron/engine/connectors/errors';
import { createHttpSender, type HttpExchange, type HttpRequest, type HttpSenderOptions } from '../../../../../electron/engine/connectors/http/send';
import { fakeClock } from '../../../../support/fake-clock';
import { settlesWithin } from '../../../../support/hang-guard';
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
