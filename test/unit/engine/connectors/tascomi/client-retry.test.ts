/**
 * One job attempt makes several reads before its create (code lists, contact and location look-ups,
 * the look-up by case before a re-create). A read that loses its connection or gets a 5xx is tried
 * again within the call, on the injected clock; a write never is (the queue owns those, and a create
 * is only resent after looking for the record it may have made).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createTascomiClient, type TascomiClientOptions } from '../../../../../electron/engine/connectors/tascomi/client';
import { DEFAULT_READ_RETRY_DELAY_MS, DEFAULT_READ_TRIES } from '../../../../../electron/engine/connectors/http/read-retries';
import { fakeClock, type FakeClock } from '../../../../support/fake-clock';
import { DEMO_KEYS } from './harness';
import { startLocalServer, type LocalServer } from '../../../../support/local-server';
import { connectorFailure } from '../../../../support/connector-failure';

let local: LocalServer | undefined;
afterEach(async () => {
  await local?.close();
  local = undefined;
});

type Step = (req: IncomingMessage, res: ServerResponse) => void;
const ok: Step = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'x-number-of-results': '1', 'x-results-per-page': '50', 'x-page-number': '1' });
  res.end(JSON.stringify([{ id: '7', code: 'FLYTIP' }]));
};
const record: Step = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: '41', external_reference: 'CRM-1' }));
};
const status =
  (code: number, body = JSON.stringify({ message: `HTTP ${code}` }), type = 'application/json'): Step =>
  (_req, res) => {
    res.writeHead(code, { 'content-type': type });
    res.end(body);
  };
const drop: Step = (req) => req.socket.destroy();
const proxyPage = status(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 'text/html');

/** A server that answers its requests with `steps` in order (the last one repeats). */
async function scripted(...steps: Step[]): Promise<LocalServer> {
  let n = 0;
  local = await startLocalServer((req, res) => {
    // No real-time Date header: it would move the client's estimate of the server clock off the
    // fake clock, and its minute-boundary guard would then wait (and sleep) at random.
    res.sendDate = false;
    steps[Math.min(n++, steps.length - 1)]!(req, res);
  });
  return local;
}

function clientFor(server: LocalServer, clock: FakeClock, extra: Partial<TascomiClientOptions> = {}) {
  return createTascomiClient({ baseUrl: server.baseUrl, ...DEMO_KEYS, timeZone: 'Europe/London', clock, proxyEnv: {}, ...extra });
}

const methods = (server: LocalServer) => server.requests.map((r) => r.method);

describe('reads are tried again within the call', () => {
  it('a list whose connection was dropped, then answered 503, succeeds on the third try after short waits on the clock', async () => {
    const server = await scripted(drop, status(503), ok);
    const clock = fakeClock('2026-06-15T10:00:20Z');
    const client = clientFor(server, clock);
    const page = await client.list('complaint_codes');
    expect(page.items.map((r) => r.id)).toEqual(['7']);
    expect(methods(server)).toEqual(['GET', 'GET', 'GET']);
    expect(DEFAULT_READ_TRIES).toBe(3);
    // Waited on the injected clock (no real sleeping), doubling from the first delay.
    expect(clock.sleeps).toEqual([DEFAULT_READ_RETRY_DELAY_MS, 2 * DEFAULT_READ_RETRY_DELAY_MS]);
    client.close();
  });

  it('reading one record survives a proxy error page', async () => {
    const server = await scripted(proxyPage, record);
    const client = clientFor(server, fakeClock('2026-06-15T10:00:20Z'));
    expect(await client.get('complaints', 41)).toMatchObject({ id: '41', external_reference: 'CRM-1' });
    expect(server.requests).toHaveLength(2);
    client.close();
  });

  it('each page of a listAll gets its own tries, so a long code list is read whole', async () => {
    const page =
      (n: number): Step =>
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-number-of-results': '4', 'x-results-per-page': '2', 'x-page-number': String(n) });
        res.end(JSON.stringify([{ id: String(2 * n - 1) }, { id: String(2 * n) }]));
      };
    const server = await scripted(status(500), page(1), drop, status(503), page(2));
    const client = clientFor(server, fakeClock('2026-06-15T10:00:20Z'));
    const all = await client.listAll('complaint_codes');
    expect(all.items.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
    expect(new URL(server.requests.at(-1)!.url!, 'http://x').searchParams.get('page')).toBe('2');
    client.close();
  });

  it('gives up after the last try with the last failure, still retryable by the queue', async () => {
    const server = await scripted(status(500));
    const client = clientFor(server, fakeClock('2026-06-15T10:00:20Z'));
    const error = await connectorFailure(() => client.list('contacts', { reference: 'R1' }));
    expect(error).toMatchObject({ kind: 'remote', status: 500, retryable: true, mayHaveApplied: false });
    expect(server.requests).toHaveLength(DEFAULT_READ_TRIES);
    client.close();
  });

  it('tries as often as readTries says; readTries 1 never tries again', async () => {
    const server = await scripted(status(503));
    const five = clientFor(server, fakeClock('2026-06-15T10:00:20Z'), { readTries: 5, readRetryDelayMs: 10 });
    await connectorFailure(() => five.get('complaints', 1));
    expect(server.requests).toHaveLength(5);
    const once = clientFor(server, fakeClock('2026-06-15T10:00:20Z'), { readTries: 1 });
    await connectorFailure(() => once.get('complaints', 1));
    expect(server.requests).toHaveLength(6);
    five.close();
    once.close();
  });

  it('an answer that settles it (400, 403, 404) is not asked again', async () => {
    for (const code of [400, 403, 404]) {
      const server = await scripted(status(code));
      const client = clientFor(server, fakeClock('2026-06-15T10:00:20Z'));
      const error = await connectorFailure(() => client.get('complaints', 9));
      expect(error.retryable).toBe(false);
      expect(server.requests, `HTTP ${code}`).toHaveLength(1);
      client.close();
      await local!.close();
      local = undefined;
    }
  });

  it('a 429 is left to the queue, which honours Retry-After', async () => {
    const server = await scripted((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end('{"message":"Too many requests"}');
    });
    const client = clientFor(server, fakeClock('2026-06-15T10:00:20Z'));
    const error = await connectorFailure(() => client.list('complaints'));
    expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 30_000 });
    expect(server.requests).toHaveLength(1);
    client.close();
  });

  it('a read that timed out is not tried again: the attempt has already waited the whole timeout', async () => {
    const server = await scripted(() => {}); // never answers
    const client = clientFor(server, fakeClock('2026-06-15T10:00:20Z'), { timeoutMs: 100 });
    const error = await connectorFailure(() => client.list('complaints'));
    expect(error.kind).toBe('timeout');
    expect(server.requests).toHaveLength(1);
    client.close();
  });
});

describe('writes are never tried again within the call', () => {
  it('a create (PUT) answered 503 is sent once, and says it may have been applied', async () => {
    const server = await scripted(status(503), record);
    const client = clientFor(server, fakeClock('2026-06-15T10:00:20Z'));
    const error = await connectorFailure(() => client.create('complaints', { core_function_id: '5' }));
    expect(error).toMatchObject({ kind: 'remote', retryable: true, mayHaveApplied: true });
    expect(methods(server)).toEqual(['PUT']);
    client.close();
  });

  it('a create whose connection dropped after sending is sent once', async () => {
    const server = await scripted(drop, record);
    const client = clientFor(server, fakeClock('2026-06-15T10:00:20Z'));
    const error = await connectorFailure(() => client.create('complaints', { core_function_id: '5' }));
    expect(error).toMatchObject({ kind: 'connection', mayHaveApplied: true });
    expect(methods(server)).toEqual(['PUT']);
    client.close();
  });

  it('an update (POST) that failed is sent once, although a second try would have succeeded', async () => {
    const server = await scripted(status(500), record);
    const client = clientFor(server, fakeClock('2026-06-15T10:00:20Z'));
    await connectorFailure(() => client.update('complaints', 41, { remarks: 'x' }));
    expect(methods(server)).toEqual(['POST']);
    client.close();
  });
});
