import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect as connectTcp } from 'node:net';
import { WebSocket } from 'ws';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { MAX_FRAME_BYTES } from '../../../shared/wire';
import { closeOf, collectFrames, openConsoleSocket, until, type ConsoleSocketOptions } from '../../support/console-socket';
import { nested } from '../../support/boundary-arbitraries';
import { startTestEngine, type TestEngine } from '../../support/engine';

let t: TestEngine;
let host: RunningHost;

beforeEach(async () => {
  t = startTestEngine();
  const rendererDir = join(t.dataDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>casebridge</title>');
  writeFileSync(join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(t.dataDir, 'outside.txt'), 'not for the browser');
  host = await startHost({ engine: t.engine, rendererDir, host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await host.close();
  await t.dispose();
});

const connect = (opts: ConsoleSocketOptions = {}) => openConsoleSocket(host, opts);
const frames = collectFrames;

function get(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the headless host WebSocket', () => {
  it('prints a loopback console URL that carries its token', () => {
    expect(host.consoleUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('answers calls with the same envelope as IPC', async () => {
    const ws = await connect();
    const got = frames(ws);
    ws.send(JSON.stringify({ type: 'call', id: 7, name: 'getAppInfo', input: {} }));
    const answer = await until(() => got.find((f) => f.type === 'result'), 'the answer');
    expect(answer).toMatchObject({ type: 'result', id: 7, result: { ok: true, value: { databasePath: join(t.dataDir, 'casebridge.sqlite') } } });
    ws.close();
  });

  it('answers a bad input with the field named, and keeps the connection', async () => {
    const ws = await connect();
    const got = frames(ws);
    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'listRecentLog', input: { limit: 'lots' } }));
    ws.send(JSON.stringify({ type: 'call', id: 2, name: 'noSuchCall', input: {} }));
    await until(() => (got.length >= 2 ? true : undefined), 'two answers');
    expect(got.find((f) => f.type === 'result' && f.id === 1)).toMatchObject({ result: { ok: false, error: { code: 'invalid_input', issues: [{ path: 'limit' }] } } });
    expect(got.find((f) => f.type === 'result' && f.id === 2)).toMatchObject({ result: { ok: false, error: { code: 'unknown_call' } } });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('answers a call with no input key (JSON drops undefined) and a malformed call it can still answer', async () => {
    const ws = await connect();
    const got = frames(ws);
    ws.send(JSON.stringify({ type: 'call', id: 3, name: 'getPreferences' }));
    ws.send(JSON.stringify({ type: 'call', id: 4, name: 42 }));
    await until(() => (got.length >= 2 ? true : undefined), 'two answers');
    expect(got.find((f) => f.type === 'result' && f.id === 3)).toMatchObject({ result: { ok: true, value: { theme: 'system' } } });
    expect(got.find((f) => f.type === 'result' && f.id === 4)).toMatchObject({ result: { ok: false, error: { code: 'invalid_input', issues: [{ path: 'name' }] } } });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('closes on a frame that is not a call, as a protocol error', async () => {
    const ws = await connect();
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('this is not json');
    expect(await closed).toBe(1008);
  });

  it('pushes engine log entries to every console, live', async () => {
    const a = await connect();
    const b = await connect();
    const gotA = frames(a);
    const gotB = frames(b);
    t.engine.log.write({ level: 'error', source: 'tascomi', message: 'Remote said 503' });
    for (const got of [gotA, gotB]) {
      const event = await until(() => got.find((f) => f.type === 'event' && (f.payload as { message: string }).message === 'Remote said 503'), 'the event');
      expect(event).toMatchObject({ type: 'event', name: 'log', payload: { level: 'error', source: 'tascomi' } });
    }
    a.close();
    b.close();
  });

  it('logs consoles connecting and leaving', async () => {
    const ws = await connect();
    expect(t.engine.log.recent(1)[0]!.message).toBe('A console connected (1 open).');
    ws.close();
    await until(() => (t.engine.log.recent(1)[0]!.message.startsWith('A console disconnected') ? true : undefined), 'the disconnect entry');
  });

  it('refuses a connection without the token, with a wrong one, or from a foreign page', async () => {
    await expect(connect({ token: null })).rejects.toThrow(/401/);
    await expect(connect({ token: 'x'.repeat(32) })).rejects.toThrow(/401/);
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect({ hostHeader: `rebound.example:${host.port}`, origin: `http://rebound.example:${host.port}` })).rejects.toThrow(/403/);
    await expect(connect({ path: '/other' })).rejects.toThrow(/404/);
  });
});

describe('a console that sends what the host cannot take', () => {
  const hostWarnings = () =>
    t.engine.log
      .recent(50)
      .filter((e) => e.source === 'host' && e.level === 'warn')
      .map((e) => e.message);

  for (const [what, send, code, logged] of [
    ['a frame over the size limit', (ws: WebSocket) => ws.send('x'.repeat(MAX_FRAME_BYTES + 1)), 1009, /larger than 1,048,576 bytes/],
    ['a text frame that is not UTF-8', (ws: WebSocket) => ws.send(Buffer.from([0x22, 0xc3, 0x28, 0x22]), { binary: false }), 1007, /not valid UTF-8/],
    ['a binary frame', (ws: WebSocket) => ws.send(Buffer.from('{"type":"call"}'), { binary: true }), 1003, /Binary frames are not accepted/],
    ['a frame that is not JSON', (ws: WebSocket) => ws.send('{"type":"call",'), 1008, /Expected a JSON call frame/],
  ] as const) {
    it(`loses its own connection for ${what} (close code ${code}), logged; another console carries on`, async () => {
      const bystander = await connect();
      const heard = frames(bystander);
      const culprit = await connect();
      const closed = closeOf(culprit);
      send(culprit);
      expect((await closed).code).toBe(code);
      expect(
        hostWarnings().some((m) => logged.test(m)),
        hostWarnings().join('\n'),
      ).toBe(true);

      bystander.send(JSON.stringify({ type: 'call', id: 1, name: 'getPreferences', input: {} }));
      await until(() => heard.find((f) => f.type === 'result' && f.id === 1 && f.result.ok), 'the bystander answered');
      t.engine.log.write({ level: 'info', source: 'cases', message: 'still pushing events' });
      await until(() => heard.find((f) => f.type === 'event' && (f.payload as { message?: string }).message === 'still pushing events'), 'the event');
      bystander.close();
    });
  }

  it("answers a failure when a handler's answer cannot be written as JSON (nested too deeply), and keeps the connection", async () => {
    const handlers = { ...t.engine.handlers, getAppInfo: () => nested(100_000, 'array') as never };
    const odd = await startHost({ engine: { ...t.engine, handlers }, rendererDir: join(t.dataDir, 'renderer'), host: '127.0.0.1', port: 0 });
    try {
      const ws = await openConsoleSocket(odd);
      const got = frames(ws);
      ws.send(JSON.stringify({ type: 'call', id: 1, name: 'getAppInfo', input: {} }));
      ws.send(JSON.stringify({ type: 'call', id: 2, name: 'getPreferences', input: {} }));
      const first = await until(() => got.find((f) => f.type === 'result' && f.id === 1), 'the answer to call 1');
      expect(first).toMatchObject({ result: { ok: false, error: { code: 'failed', message: "The engine's answer could not be sent: Maximum call stack size exceeded." } } });
      await until(() => got.find((f) => f.type === 'result' && f.id === 2 && f.result.ok), 'the answer to call 2');
      ws.close();
    } finally {
      await odd.close();
    }
  });

  it('answers a request that is not HTTP with 400 and serves the next one', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connectTcp(host.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(hostWarnings().some((m) => /request to the console's address was refused: HPE_/.test(m))).toBe(true);
    expect((await get('/')).status).toBe(200);
  });

  it('keeps serving when a refused client resets its connection at once', async () => {
    await new Promise<void>((resolve) => {
      const socket = connectTcp(host.port, '127.0.0.1', () => {
        socket.write(
          `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
        );
        socket.resetAndDestroy();
      });
      socket.on('close', () => resolve());
      socket.on('error', () => {});
    });
    const ws = await connect();
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});

describe('the headless host web server', () => {
  it('serves the built console with a strict content security policy', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>casebridge</title>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await get('/assets/app-1234.js');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
  });

  it('serves nothing outside the console folder and only reads', async () => {
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/missing.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('not for the browser');
    }
    expect((await get('/', 'POST')).status).toBe(405);
  });
});
