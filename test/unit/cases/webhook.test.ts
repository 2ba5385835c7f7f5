import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import { signBody, startWebhookListener, type WebhookListener, type WebhookOptions } from '../../../electron/engine/cases/webhook';
import type { ReceiveResult } from '../../../electron/engine/cases/case-store';
import { caseHarness, cleanupHarnesses, sampleCase, type CaseHarness } from './helpers';

const SECRET = 'shared-webhook-secret';
const listeners: WebhookListener[] = [];
afterEach(async () => {
  for (const l of listeners.splice(0)) await l.close();
  cleanupHarnesses();
});

interface Started {
  h: CaseHarness;
  hook: WebhookListener;
  logs: NewLogEntry[];
  received: Extract<ReceiveResult, { ok: true }>[];
}

async function start(overrides: Partial<WebhookOptions> = {}): Promise<Started> {
  const h = caseHarness();
  const logs: NewLogEntry[] = [];
  const received: Started['received'] = [];
  const hook = await startWebhookListener({
    getSecret: async () => SECRET,
    receive: (input) => h.cases.receive(input),
    onReceived: (r) => received.push(r),
    log: { write: (e) => logs.push(e) },
    ...overrides,
  });
  listeners.push(hook);
  return { h, hook, logs, received };
}

/** A raw HTTP request (fetch would not let a test send a mismatched content-length or odd methods). */
function send(url: string, init: { method?: string; body?: string; headers?: Record<string, string>; path?: string } = {}) {
  const target = new URL(init.path ?? '', url);
  return new Promise<{ status: number; json: any; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(target, { method: init.method ?? 'POST', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : undefined, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const signed = (body: string, secret = SECRET) => ({ body, headers: { 'content-type': 'application/json', 'x-casebridge-signature': signBody(secret, body) } });
const stored = (h: CaseHarness) => (h.store.sqlite.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;

describe('webhook listener', () => {
  it('accepts a signed case with 202 after it is committed, binding to loopback', async () => {
    const { h, hook, received, logs } = await start();
    expect(hook.url).toBe(`http://127.0.0.1:${hook.port}/cases`);
    const body = JSON.stringify(sampleCase());
    const res = await send(hook.url, signed(body));
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ id: 'CRM-1001', event: 'created' });
    // Committed: visible on a fresh connection.
    h.reopen();
    expect(h.cases.get('CRM-1001')?.type).toBe('Noise complaint');
    expect(received.map((r) => r.event)).toEqual(['created']);
    // Neither the body's details nor the signature reach the log.
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain('Lovelace');
    expect(logged).not.toContain(signBody(SECRET, body).slice(7));
  });

  it('stores the same case posted twice once', async () => {
    const { h, hook } = await start();
    const body = JSON.stringify(sampleCase());
    expect((await send(hook.url, signed(body))).json).toEqual({ id: 'CRM-1001', event: 'created' });
    expect((await send(hook.url, signed(body))).json).toEqual({ id: 'CRM-1001', event: 'unchanged' });
    expect(stored(h)).toBe(1);
    const changed = JSON.stringify(sampleCase({ status: 'closed' }));
    expect((await send(hook.url, signed(changed))).json).toEqual({ id: 'CRM-1001', event: 'updated' });
  });

  it('refuses a wrong signature, a missing header and a signature for another body with 401', async () => {
    const { h, hook, logs } = await start();
    const body = JSON.stringify(sampleCase());
    const wrongSecret = await send(hook.url, signed(body, 'another secret'));
    const missing = await send(hook.url, { body, headers: { 'content-type': 'application/json' } });
    const other = await send(hook.url, { body, headers: { 'x-casebridge-signature': signBody(SECRET, JSON.stringify(sampleCase({ id: 'X' }))) } });
    const malformed = await send(hook.url, { body, headers: { 'x-casebridge-signature': 'sha256=zz' } });
    for (const res of [wrongSecret, missing, other, malformed]) {
      expect(res.status).toBe(401);
      expect(res.json.message).toMatch(/x-casebridge-signature/);
    }
    expect(stored(h)).toBe(0);
    expect(JSON.stringify(logs)).not.toContain('sha256=');
  });

  it('refuses a body that is not JSON with 400', async () => {
    const { h, hook } = await start();
    const res = await send(hook.url, signed('{"id": "CRM-1",'));
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/not valid JSON/);
    expect(stored(h)).toBe(0);
  });

  it('refuses an invalid case with 422 naming the fields', async () => {
    const { h, hook, received } = await start();
    const res = await send(hook.url, signed(JSON.stringify({ id: 'CRM-9', type: '', dates: { due: 'tomorrow' } })));
    expect(res.status).toBe(422);
    expect(res.json.message).toMatch(/type/);
    expect(res.json.issues.map((i: { path: string }) => i.path).sort()).toEqual(['dates.due', 'type']);
    expect(res.json.issues[0].message).toEqual(expect.any(String));
    expect(stored(h)).toBe(0);
    expect(received).toEqual([]);
  });

  it('refuses a body over the limit with 413, by declared length and while streaming', async () => {
    const { h, hook } = await start({ maxBodyBytes: 200 });
    const big = JSON.stringify(sampleCase({ summary: 'x'.repeat(1000) }));
    const declared = await send(hook.url, signed(big));
    expect(declared.status).toBe(413);
    // Chunked (no content-length): refused once the bytes read pass the limit.
    const chunked = await send(hook.url, { body: big, headers: { 'transfer-encoding': 'chunked', 'x-casebridge-signature': signBody(SECRET, big) } });
    expect(chunked.status).toBe(413);
    expect(stored(h)).toBe(0);
  });

  it('answers 503 asking for a secret when none is set', async () => {
    const { h, hook } = await start({ getSecret: async () => undefined });
    const body = JSON.stringify(sampleCase());
    const res = await send(hook.url, signed(body));
    expect(res.status).toBe(503);
    expect(res.json.message).toMatch(/secret/i);
    expect(res.json.message).toMatch(/set/i);
    expect(stored(h)).toBe(0);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const { h, hook } = await start();
    const body = JSON.stringify(sampleCase());
    expect((await send(hook.url, { ...signed(body), path: '/other' })).status).toBe(404);
    expect((await send(hook.url, { ...signed(body), path: '/cases/CRM-1001' })).status).toBe(404);
    const get = await send(hook.url, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await send(hook.url, { ...signed(body), method: 'PUT' })).status).toBe(405);
    // A query string does not change the path.
    expect((await send(hook.url, { ...signed(body), path: '/cases?source=crm' })).status).toBe(202);
    expect(stored(h)).toBe(1);
  });

  it('still answers 202 when the after-commit hook throws, and logs it', async () => {
    const { h, hook, logs } = await start({
      onReceived: () => {
        throw new Error('rules broke');
      },
    });
    const res = await send(hook.url, signed(JSON.stringify(sampleCase())));
    expect(res.status).toBe(202);
    expect(stored(h)).toBe(1);
    expect(logs.some((l) => l.level === 'error' && l.message.includes('rules broke'))).toBe(true);
  });

  it('answers 500 without a stack or body when storing fails', async () => {
    const { hook, logs } = await start({
      receive: () => {
        throw new Error('database is locked');
      },
    });
    const res = await send(hook.url, signed(JSON.stringify(sampleCase())));
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ message: 'casebridge could not store the case; try again.' });
    expect(logs.some((l) => l.level === 'error' && l.message.includes('database is locked'))).toBe(true);
  });
});
