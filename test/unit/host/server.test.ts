import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHost, type RunningHost } from '../../../electron/host/server';
import type { ServerFrame } from '../../../shared/wire';
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

function connect(opts: { token?: string | null; origin?: string; hostHeader?: string; path?: string } = {}): Promise<WebSocket> {
  const token = opts.token === undefined ? host.token : opts.token;
  const url = `ws://127.0.0.1:${host.port}${opts.path ?? '/ws'}${token === null ? '' : `?token=${token}`}`;
  const headers: Record<string, string> = {};
  if (opts.hostHeader) headers.host = opts.hostHeader;
  const ws = new WebSocket(url, { origin: opts.origin ?? host.origin, headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function frames(ws: WebSocket): ServerFrame[] {
  const got: ServerFrame[] = [];
  ws.on('message', (d) => got.push(JSON.parse(d.toString())));
  return got;
}

async function until<T>(fn: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = fn();
    if (value !== undefined) return value;
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never saw ${what}`);
}

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
