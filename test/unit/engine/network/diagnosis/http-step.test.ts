/**
 * The HTTP step alone, on connections to local servers on 127.0.0.1: an answer (read by the
 * general reading or the connector's), the request as a proxy would see it, a long body cut at
 * 4 KB, and a server that never answers or cuts the connection (timed out, stopped).
 */
import http, { type IncomingMessage } from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdviceContext, ConnectorCheck } from '../../../../../electron/engine/network/diagnosis/connector-check';
import { askHttp } from '../../../../../electron/engine/network/diagnosis/http-step';
import { settlesWithin } from '../../../../support/hang-guard';
import { listenOnLoopback, type LoopbackServer } from '../../../../support/local-server';

const servers: LoopbackServer[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) await server.stop();
});

async function connectionTo(server: net.Server): Promise<{ socket: net.Socket; local: LoopbackServer }> {
  const local = await listenOnLoopback(server);
  servers.push(local);
  const socket = net.connect({ host: '127.0.0.1', port: local.port });
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, local };
}

const context: AdviceContext = { label: 'Tascomi', host: '127.0.0.1', port: 80, allowlistAdvice: async (lead) => `${lead} [addresses]` };
const target = (url: string, proxy?: string) => ({ host: '127.0.0.1', port: 80, secure: false, httpUrl: new URL(url), ...(proxy ? { proxy: new URL(proxy) } : {}) });
const options = (extra: { check?: Partial<ConnectorCheck>; timeoutMs?: number; signal?: AbortSignal } = {}) => ({
  check: { label: 'Tascomi', ...extra.check },
  context,
  limits: { timeoutMs: extra.timeoutMs ?? 2_000, signal: extra.signal },
  now: () => 1_750_000_000_000,
});

describe('the HTTP step', () => {
  it('asks for the path, names itself, and passes a web server answer with its status and time', async () => {
    const seen: IncomingMessage[] = [];
    const { socket } = await connectionTo(
      http.createServer((req, res) => (seen.push(req), res.writeHead(404, { server: 'test-server', date: 'Mon, 15 Jun 2026 10:00:00 GMT' }).end('nothing'))),
    );
    const result = await askHttp(target('http://tascomi.example/rest/v1/?q=1'), socket, options());
    expect(seen.map((r) => [r.url, r.headers.host, r.headers['user-agent']])).toEqual([['/rest/v1/?q=1', 'tascomi.example', 'casebridge-diagnostics']]);
    expect(result.answer).toMatchObject({ status: 404, statusText: 'Not Found', body: 'nothing', headers: expect.objectContaining({ date: 'Mon, 15 Jun 2026 10:00:00 GMT' }) });
    expect(result.receivedAt).toBe(1_750_000_000_000);
    expect(result.step).toMatchObject({
      name: 'http',
      status: 'ok',
      ms: result.answer.ms,
      detail: `The web server answered HTTP 404 Not Found in ${result.answer.ms} ms (server: test-server).`,
    });
  });

  it('through a proxy without a tunnel, names the whole address; keeps only the first 4 KB of a body', async () => {
    const seen: string[] = [];
    const { socket } = await connectionTo(http.createServer((req, res) => (seen.push(req.url!), res.end('x'.repeat(10_000)))));
    const result = await askHttp(target('http://tascomi.example/rest/', 'http://127.0.0.1:3128'), socket, options());
    expect(seen).toEqual(['http://tascomi.example/rest/']);
    expect(result.answer.body).toBe('x'.repeat(4_096));
  });

  it("the connector's reading comes first; a failing verdict fails the step", async () => {
    const { socket } = await connectionTo(http.createServer((_req, res) => res.writeHead(404).end()));
    const check = { interpretHttp: () => ({ ok: false, detail: 'not a Cx API', advice: 'check the API URL' }) };
    await expect(askHttp(target('http://cx.example/api/v1/companies'), socket, options({ check }))).rejects.toMatchObject({
      step: 'http',
      detail: 'not a Cx API',
      advice: 'check the API URL',
    });
  });

  it('a connection cut before an answer fails with the allowlist advice (some firewalls do this)', async () => {
    const { socket } = await connectionTo(net.createServer((s) => s.once('data', () => s.resetAndDestroy())));
    await expect(askHttp(target('http://tascomi.example/'), socket, options())).rejects.toMatchObject({
      detail: 'No HTTP answer: The connection to 127.0.0.1:80 was cut (ECONNRESET).',
      advice: expect.stringMatching(/^Some firewalls accept the connection and then drop or cut it .* \[addresses\]$/),
    });
  });

  it('a server that never answers times out, and the step stops at once when the diagnosis does', async () => {
    const first = await connectionTo(net.createServer());
    await expect(askHttp(target('http://tascomi.example/'), first.socket, options({ timeoutMs: 50 }))).rejects.toMatchObject({
      detail: '127.0.0.1:80 accepted the connection but sent no HTTP answer within 0.05 s.',
    });

    const server = net.createServer();
    const asked = new Promise<void>((resolve) => server.once('connection', (s: net.Socket) => s.once('data', () => resolve())));
    const { socket, local } = await connectionTo(server);
    const controller = new AbortController();
    const waiting = askHttp(target('http://tascomi.example/'), socket, options({ timeoutMs: 60_000, signal: controller.signal }));
    await settlesWithin(asked, 'the request sent');
    controller.abort();
    await expect(settlesWithin(waiting, 'the stopped request')).rejects.toMatchObject({ step: 'http' });
    // Giving up destroys the request, and with it the connection it spoke on.
    await settlesWithin(Promise.all([...local.connections].map((s) => new Promise((resolve) => s.once('close', resolve)))), 'the stopped request closed');
  });
});
