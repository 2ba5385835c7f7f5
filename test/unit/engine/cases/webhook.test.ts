import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewLogEntry } from '../../../../shared/domain/log-entry';
import { startWebhookListener, type WebhookListener, type WebhookOptions } from '../../../../electron/engine/cases/webhook';
import type { ReceiveResult } from '../../../../electron/engine/cases/case-store';
import { crmDeletionHeaders, crmHeaders, crmSignature } from '../../../support/crm';
import { ErasureRefused } from '../../../../electron/engine/cases/case-erasure';
import type { CaseErasure } from '../../../../shared/domain/case-erasure';
import { caseHarness, cleanupHarnesses, sampleCase, type CaseHarness } from './helpers';

const SECRET = 'shared-webhook-secret';
const listeners: WebhookListener[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
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
    clock: h.clock,
    receive: (input) => h.cases.receive(input),
    onReceived: (r) => received.push(r),
    log: { write: (e) => logs.push(e) },
    ...overrides,
  });
  listeners.push(hook);
  return { h, hook, logs, received };
}

interface Answer {
  status: number;
  json: any;
  headers: Record<string, unknown>;
}

/** A raw HTTP request (fetch would not let a test send a mismatched content-length or odd methods). */
function send(url: string, init: { method?: string; body?: string; headers?: Record<string, string>; path?: string; localAddress?: string } = {}) {
  const target = new URL(init.path ?? '', url);
  return new Promise<Answer>((resolve, reject) => {
    const req = request(target, { method: init.method ?? 'POST', headers: init.headers, localAddress: init.localAddress, agent: false }, (res) => {
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

/**
 * Sends the head of a request and only the start of its body, from `localAddress`, and never the
 * rest: whatever answer comes back was sent without reading the body. Resolves with the raw answer
 * once the server closes, or with '' when it still waits for the body after `waitMs`.
 */
async function sendHeadOnly(port: number, headers: Record<string, string>, { localAddress = '127.0.0.1', declared = 1000, waitMs = 150 } = {}): Promise<string> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  sockets.push(socket);
  let answer = '';
  socket.on('data', (d) => (answer += d));
  socket.on('error', () => undefined);
  await new Promise((r) => socket.once('connect', r));
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(`POST /cases HTTP/1.1\r\nHost: casebridge\r\n${head}Content-Length: ${declared}\r\n\r\n{"id":`);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(answer), waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

const UPDATED_AT = '2026-03-29T00:20:00+00:00';
const caseBody = (overrides: Parameters<typeof sampleCase>[0] = {}) => JSON.stringify(sampleCase({ updatedAt: UPDATED_AT, ...overrides }));
/** Signed as the CRM signs, at the harness clock's time unless told. */
const signed = (h: CaseHarness, body: string, { secret = SECRET, atMs = h.clock.millis() } = {}) => ({ body, headers: crmHeaders(secret, body, atMs) });
const stored = (h: CaseHarness) => (h.store.sqlite.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;

describe('webhook listener', () => {
  it('accepts a signed case with 202 after it is committed, binding to loopback', async () => {
    const { h, hook, received, logs } = await start();
    expect(hook.url).toBe(`http://127.0.0.1:${hook.port}/cases`);
    const request = signed(h, caseBody());
    const res = await send(hook.url, request);
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ id: 'CRM-1001', event: 'created' });
    // Committed: visible on a fresh connection.
    h.reopen();
    expect(h.cases.get('CRM-1001')?.type).toBe('Noise complaint');
    expect(received.map((r) => r.event)).toEqual(['created']);
    // Neither the body's details nor the signature reach the log.
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain('Lovelace');
    expect(logged).not.toContain(request.headers['X-Casebridge-Signature']!.slice(7));
  });

  it('stores the same case posted twice once', async () => {
    const { h, hook } = await start();
    const body = caseBody();
    expect((await send(hook.url, signed(h, body))).json).toEqual({ id: 'CRM-1001', event: 'created' });
    expect((await send(hook.url, signed(h, body))).json).toEqual({ id: 'CRM-1001', event: 'unchanged' });
    expect(stored(h)).toBe(1);
    const changed = caseBody({ status: 'closed', updatedAt: '2026-03-29T00:25:00+00:00' });
    expect((await send(hook.url, signed(h, changed))).json).toEqual({ id: 'CRM-1001', event: 'updated' });
  });

  it('refuses a wrong signature, a missing one, one for another body or timestamp, and the old body-only one with 401', async () => {
    const { h, hook, logs } = await start();
    const body = caseBody();
    const now = Math.floor(h.clock.millis() / 1000);
    const stamped = (signature?: string) => ({
      body,
      headers: { 'content-type': 'application/json', 'x-casebridge-timestamp': String(now), ...(signature ? { 'x-casebridge-signature': signature } : {}) },
    });
    const { createHmac } = await import('node:crypto');
    const answers = [
      await send(hook.url, signed(h, body, { secret: 'another secret' })),
      await send(hook.url, stamped()),
      await send(hook.url, stamped(crmSignature(SECRET, now, caseBody({ id: 'X' })))),
      await send(hook.url, stamped(crmSignature(SECRET, now - 1, body))),
      await send(hook.url, stamped(`sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`)),
      await send(hook.url, stamped('sha256=zz')),
    ];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.json.message).toMatch(/X-Casebridge-Signature/);
    }
    expect(stored(h)).toBe(0);
    expect(JSON.stringify(logs)).not.toContain('sha256=');
  });

  it('refuses a missing, malformed or stale timestamp with 401 before reading the body, saying how far off the clock is', async () => {
    const { h, hook } = await start();
    const atMs = h.clock.millis();
    const stampedAt = (ms: number) => crmHeaders(SECRET, 'not read', ms);
    const { 'X-Casebridge-Timestamp': _, ...unstamped } = stampedAt(atMs);

    const missing = await sendHeadOnly(hook.port, unstamped);
    expect(missing).toMatch(/^HTTP\/1\.1 401/);
    expect(missing).toContain('X-Casebridge-Timestamp header is missing');
    const malformed = await sendHeadOnly(hook.port, { ...unstamped, 'X-Casebridge-Timestamp': '2026-03-29T00:30:00Z' });
    expect(malformed).toMatch(/^HTTP\/1\.1 401/);
    expect(malformed).toContain('is not a Unix time in whole seconds');
    const behind = await sendHeadOnly(hook.port, stampedAt(atMs - 412_000));
    expect(behind).toMatch(/^HTTP\/1\.1 401/);
    expect(behind).toContain("is 412 s behind this machine's clock; the tolerance is 300 s");
    const ahead = await sendHeadOnly(hook.port, stampedAt(atMs + 301_000));
    expect(ahead).toContain("is 301 s ahead of this machine's clock; the tolerance is 300 s");

    // Within the tolerance either way, the post is read and stored.
    const late = signed(h, caseBody(), { atMs: atMs - 299_000 });
    expect((await send(hook.url, late)).status).toBe(202);
    const early = signed(h, caseBody({ id: 'CRM-1002' }), { atMs: atMs + 299_000 });
    expect((await send(hook.url, early)).status).toBe(202);
  });

  it('replays of a captured request are refused once its timestamp is past the tolerance set', async () => {
    const { h, hook } = await start({ toleranceSeconds: 60 });
    const captured = signed(h, caseBody());
    expect((await send(hook.url, captured)).status).toBe(202);
    h.clock.advance(61_000);
    const replay = await send(hook.url, captured);
    expect(replay.status).toBe(401);
    expect(replay.json.message).toContain("is 61 s behind this machine's clock; the tolerance is 60 s");
  });

  it('refuses a Content-Type other than application/json with 415 before reading the body', async () => {
    const { h, hook } = await start();
    const headers = crmHeaders(SECRET, 'not read', h.clock.millis());
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1']) {
      const answer = await sendHeadOnly(hook.port, { ...headers, 'content-type': type });
      expect(answer).toMatch(/^HTTP\/1\.1 415/);
      expect(answer).toContain('must be application/json');
    }
    const { 'content-type': _, ...untyped } = headers;
    expect(await sendHeadOnly(hook.port, untyped)).toMatch(/^HTTP\/1\.1 415/);
    // A UTF-8 charset is fine.
    const body = caseBody();
    const utf8 = await send(hook.url, { body, headers: { ...crmHeaders(SECRET, body, h.clock.millis()), 'content-type': 'Application/JSON; charset=UTF-8' } });
    expect(utf8.status).toBe(202);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const { h, hook } = await start();
    const res = await send(hook.url, signed(h, '{"id": "CRM-1",'));
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/not valid JSON/);
    expect(stored(h)).toBe(0);
  });

  it('refuses an invalid case with 422 naming the fields, and a case without updatedAt', async () => {
    const { h, hook, received } = await start();
    const res = await send(hook.url, signed(h, JSON.stringify({ id: 'CRM-9', type: '', dates: { due: 'tomorrow' }, updatedAt: UPDATED_AT })));
    expect(res.status).toBe(422);
    expect(res.json.message).toMatch(/type/);
    expect(res.json.issues.map((i: { path: string }) => i.path).sort()).toEqual(['dates.due', 'type']);
    expect(res.json.issues[0].message).toEqual(expect.any(String));

    const undated = await send(hook.url, signed(h, JSON.stringify(sampleCase())));
    expect(undated.status).toBe(422);
    expect(undated.json.issues).toEqual([{ path: 'updatedAt', message: expect.stringContaining('ISO 8601 with an offset') }]);
    const badDate = await send(hook.url, signed(h, caseBody({ updatedAt: 'yesterday' })));
    expect(badDate.status).toBe(422);
    expect(badDate.json.issues.map((i: { path: string }) => i.path)).toEqual(['updatedAt']);
    expect(stored(h)).toBe(0);
    expect(received).toEqual([]);
  });

  it('refuses an older revision, or the same updatedAt with other content, with 409 giving both times', async () => {
    const { h, hook } = await start();
    const newer = caseBody({ status: 'closed', updatedAt: '2026-03-29T01:20:00+01:00' });
    expect((await send(hook.url, signed(h, newer))).status).toBe(202);

    const older = await send(hook.url, signed(h, caseBody({ updatedAt: '2026-03-29T00:10:00Z' })));
    expect(older.status).toBe(409);
    expect(older.json).toEqual({
      id: 'CRM-1001',
      updatedAt: '2026-03-29T00:10:00Z',
      storedUpdatedAt: '2026-03-29T01:20:00+01:00',
      message: "Case CRM-1001 was not changed: this revision's updatedAt (2026-03-29T00:10:00Z) is older than the stored revision's (2026-03-29T01:20:00+01:00).",
    });
    // The same instant written in another zone, with other content.
    const same = await send(hook.url, signed(h, caseBody({ status: 'reopened', updatedAt: '2026-03-29T00:20:00Z' })));
    expect(same.status).toBe(409);
    expect(same.json.message).toContain('the CRM must advance updatedAt with every change');
    expect(h.cases.get('CRM-1001')).toMatchObject({ status: 'closed', updatedAt: '2026-03-29T01:20:00+01:00' });
  });

  it('refuses a body over the limit with 413, by declared length and while streaming', async () => {
    const { h, hook } = await start({ limits: { maxBodyBytes: 200 } });
    const big = caseBody({ summary: 'x'.repeat(1000) });
    const declared = await send(hook.url, signed(h, big));
    expect(declared.status).toBe(413);
    // Chunked (no content-length): refused once the bytes read pass the limit.
    const chunked = await send(hook.url, { body: big, headers: { ...signed(h, big).headers, 'transfer-encoding': 'chunked' } });
    expect(chunked.status).toBe(413);
    expect(stored(h)).toBe(0);
  });

  it('answers 503 asking for a secret when none is set', async () => {
    const { h, hook } = await start({ getSecret: async () => undefined });
    const res = await send(hook.url, signed(h, caseBody()));
    expect(res.status).toBe(503);
    expect(res.json.message).toMatch(/secret/i);
    expect(res.json.message).toMatch(/set/i);
    expect(stored(h)).toBe(0);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const { h, hook } = await start();
    const request = signed(h, caseBody());
    expect((await send(hook.url, { ...request, path: '/other' })).status).toBe(404);
    expect((await send(hook.url, { ...request, path: '/cases/CRM-1001' })).status).toBe(404);
    const get = await send(hook.url, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await send(hook.url, { ...request, method: 'PUT' })).status).toBe(405);
    // A query string does not change the path.
    expect((await send(hook.url, { ...request, path: '/cases?source=crm' })).status).toBe(202);
    expect(stored(h)).toBe(1);
  });

  it('still answers 202 when the after-commit hook throws, and logs it', async () => {
    const { h, hook, logs } = await start({
      onReceived: () => {
        throw new Error('rules broke');
      },
    });
    const res = await send(hook.url, signed(h, caseBody()));
    expect(res.status).toBe(202);
    expect(stored(h)).toBe(1);
    expect(logs.some((l) => l.level === 'error' && l.message.includes('rules broke'))).toBe(true);
  });

  it('answers 500 without a stack or body when storing fails', async () => {
    const { h, hook, logs } = await start({
      receive: () => {
        throw new Error('database is locked');
      },
    });
    const res = await send(hook.url, signed(h, caseBody()));
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ message: 'casebridge could not store the case; try again.' });
    expect(logs.some((l) => l.level === 'error' && l.message.includes('database is locked'))).toBe(true);
  });
});

describe('webhook listener under a flood', () => {
  it('answers 429 with Retry-After to connections past 32 from one address, without reading them; another address is served', async () => {
    const { h, hook, logs } = await start();
    const headers = crmHeaders(SECRET, 'never sent whole', h.clock.millis());
    // 40 uploads that stall after their first bytes: the first 32 are being read, the rest refused.
    const answers = await Promise.all(Array.from({ length: 40 }, () => sendHeadOnly(hook.port, headers, { waitMs: 300 })));
    const refused = answers.filter((a) => a.startsWith('HTTP/1.1 429'));
    expect(refused).toHaveLength(8);
    expect(answers.filter((a) => a === '')).toHaveLength(32);
    expect(refused[0]).toMatch(/retry-after: 1\r\n/i);
    expect(refused[0]).toContain('at most 32 at once');
    // Logged once, not once per refusal.
    expect(logs.filter((l) => l.message.includes('connections at once'))).toHaveLength(1);

    const other = await send(hook.url, { ...signed(h, caseBody()), localAddress: '127.0.0.2' });
    expect(other.status).toBe(202);
    // When the stalled uploads end, their address is served again.
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect((await send(hook.url, signed(h, caseBody({ id: 'CRM-1002' })))).status).toBe(202);
  });

  it('answers 429 with Retry-After past the requests per second of one address; another address is served, and the first again a second later', async () => {
    const { h, hook } = await start({ limits: { requestsPerSecondPerAddress: 5 } });
    const post = (id: string, localAddress = '127.0.0.1') => send(hook.url, { ...signed(h, caseBody({ id })), localAddress });
    const first = [];
    for (let i = 0; i < 5; i++) first.push((await post(`A-${i}`)).status);
    expect(first).toEqual([202, 202, 202, 202, 202]);
    const over = await post('A-5');
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toBe('1');
    expect(over.json.message).toContain('at most 5 a second');
    expect((await post('B-0', '127.0.0.2')).status).toBe(202);
    h.clock.advance(1000);
    expect((await post('A-5')).status).toBe(202);
    expect(stored(h)).toBe(7);
  });

  it('holds at most the host-wide bytes of bodies at once, whatever the addresses: past it 503 with Retry-After', async () => {
    // Room for three bodies of 1,000 bytes in hand.
    const { h, hook } = await start({ limits: { maxBodyBytesInHand: 3_000 } });
    const headers = crmHeaders(SECRET, 'never sent whole', h.clock.millis());
    const stalled = await Promise.all(['127.0.0.3', '127.0.0.4', '127.0.0.5'].map((localAddress) => sendHeadOnly(hook.port, headers, { localAddress })));
    expect(stalled).toEqual(['', '', '']);
    const fourth = await sendHeadOnly(hook.port, headers, { localAddress: '127.0.0.6' });
    expect(fourth).toMatch(/^HTTP\/1\.1 503/);
    expect(fourth).toMatch(/retry-after: 1\r\n/i);
    // A stalled upload that gives up returns its bytes; a small signed case then fits.
    sockets.shift()!.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect((await send(hook.url, { ...signed(h, caseBody()), localAddress: '127.0.0.6' })).status).toBe(202);
  });
});

describe('the CRM erasing a case: DELETE /cases/{id}', () => {
  /** An erasure that holds the cases named `held`, refuses a case being sent, and records what it was asked. */
  const eraser = (held: string[], sending: string[] = []) => {
    const asked: string[] = [];
    const erase = (id: string): CaseErasure => {
      asked.push(id);
      if (sending.includes(id)) throw new ErasureRefused(`Case ${id} was not erased: job 4 is sending its data now.`, 'job_running');
      if (!held.includes(id)) throw new ErasureRefused(`There is no case '${id}' in casebridge (it may have been erased already).`, 'unknown_case');
      return {
        caseId: id,
        erasedAt: '2026-03-29T01:30:00+01:00',
        erasedBy: 'the CRM (webhook)',
        jobs: 2,
        jobsCancelled: 1,
        logEntries: 5,
        cxCacheRows: 0,
        notTouched: 'untouched',
      };
    };
    return { asked, erase };
  };
  const deletion = (h: CaseHarness, path: string, { secret = SECRET, atMs = h.clock.millis() } = {}) => ({
    method: 'DELETE',
    path,
    headers: crmDeletionHeaders(secret, path, atMs),
  });

  it('erases a held case when signed over the method and path, answering 200 with the counts; an id needing percent-encoding works', async () => {
    const { asked, erase } = eraser(['CRM-1001', 'CRM 7/b']);
    const { h, hook } = await start({ erase });
    const res = await send(hook.url, deletion(h, '/cases/CRM-1001'));
    expect(res).toMatchObject({ status: 200, json: { caseId: 'CRM-1001', jobs: 2, jobsCancelled: 1, logEntries: 5 } });
    const encoded = await send(hook.url, deletion(h, `/cases/${encodeURIComponent('CRM 7/b')}`));
    expect(encoded).toMatchObject({ status: 200, json: { caseId: 'CRM 7/b' } });
    expect(asked).toEqual(['CRM-1001', 'CRM 7/b']);
  });

  it('answers 404 for a case it does not hold, 409 (retry later) while one of its jobs is sending it', async () => {
    const { asked, erase } = eraser([], ['CRM-2']);
    const { h, hook, logs } = await start({ erase });
    expect(await send(hook.url, deletion(h, '/cases/CRM-1'))).toMatchObject({ status: 404, json: { id: 'CRM-1', message: expect.stringContaining("There is no case 'CRM-1'") } });
    const busy = await send(hook.url, deletion(h, '/cases/CRM-2'));
    expect(busy).toMatchObject({ status: 409, json: { message: expect.stringContaining('sending its data now') }, headers: { 'retry-after': '60' } });
    expect(asked).toEqual(['CRM-1', 'CRM-2']);
    expect(logs.map((l) => l.message)).toEqual(expect.arrayContaining([expect.stringContaining('CRM-1'), expect.stringContaining('A case erasure was refused')]));
  });

  it('refuses, before looking the case up, an unsigned or wrongly signed DELETE (401), one signed for another case or as a post (401), a stale one (401), one with a body (400)', async () => {
    const { asked, erase } = eraser(['CRM-1001']);
    const { h, hook, logs } = await start({ erase });
    const path = '/cases/CRM-1001';
    expect((await send(hook.url, { method: 'DELETE', path })).status).toBe(401);
    expect((await send(hook.url, deletion(h, path, { secret: 'not-the-shared-secret' }))).status).toBe(401);
    const forAnother = deletion(h, '/cases/CRM-9999');
    expect((await send(hook.url, { ...forAnother, path })).status).toBe(401);
    const asPost = { method: 'DELETE', path, headers: crmHeaders(SECRET, '', h.clock.millis()) };
    const unsigned = await send(hook.url, asPost);
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.message).toContain('"<X-Casebridge-Timestamp>.DELETE /cases/CRM-1001"');
    expect((await send(hook.url, deletion(h, path, { atMs: h.clock.millis() - 3_600_000 }))).status).toBe(401);
    // Answered before the body is read, and the connection closed: the status, and the log says why.
    const request = deletion(h, path);
    const body = '{"id":"CRM-1001"}';
    expect((await send(hook.url, { ...request, headers: { ...request.headers, 'content-length': String(body.length) }, body })).status).toBe(400);
    expect(logs.at(-1)?.message).toContain('A DELETE carries no body');
    expect(asked).toEqual([]);
  });

  it('allows only DELETE on /cases/{id}, and refuses an id that is not valid percent-encoding or too long (400)', async () => {
    const { asked, erase } = eraser(['CRM-1001']);
    const { h, hook } = await start({ erase });
    const post = await send(hook.url, { ...signed(h, caseBody()), path: '/cases/CRM-1001' });
    expect(post).toMatchObject({ status: 405, headers: { allow: 'DELETE' } });
    expect((await send(hook.url, deletion(h, '/cases/%E0%A4%A'))).status).toBe(400);
    expect((await send(hook.url, deletion(h, `/cases/${'x'.repeat(101)}`))).status).toBe(400);
    expect((await send(hook.url, deletion(h, '/cases/a/b'))).status).toBe(404);
    expect(asked).toEqual([]);
  });

  it("the worked example given to the CRM's developers (README) is accepted at its timestamp", async () => {
    const { asked, erase } = eraser(['CAS-2026-000123']);
    const { h, hook } = await start({ erase, getSecret: async () => 'example-shared-secret-do-not-use-1' });
    h.clock.set(new Date(1774775700 * 1000).toISOString());
    const signature = 'sha256=a945b6f0f8eb7a422edcfc10f099cd05773957d20241fd9dbe6d8097396fdce3';
    const headers = { 'X-Casebridge-Timestamp': '1774775700', 'X-Casebridge-Signature': signature };
    expect(await send(hook.url, { method: 'DELETE', path: '/cases/CAS-2026-000123', headers })).toMatchObject({ status: 200, json: { caseId: 'CAS-2026-000123' } });
    expect(asked).toEqual(['CAS-2026-000123']);
  });

  it('answers 503 while the store cannot be written, so the CRM sends it again later', async () => {
    const { asked, erase } = eraser(['CRM-1001']);
    const { h, hook } = await start({ erase, unavailable: () => 'the database is damaged' });
    expect(await send(hook.url, deletion(h, '/cases/CRM-1001'))).toMatchObject({ status: 503, json: { message: 'the database is damaged' } });
    expect(asked).toEqual([]);
  });
});
