import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createTascomiClient } from '../../../../../electron/engine/connectors/tascomi/client';
import type { HttpExchange } from '../../../../../electron/engine/connectors/http/send';
import { redactRequest, redactResponse } from '../../../../../electron/engine/connectors/tascomi/redact';
import { hidePersonal, markPersonal, revealPersonal } from '../../../../../electron/engine/log/personal-data';
import { fakeClock } from '../../../../support/fake-clock';
import { DEMO_KEYS, startHarness, type Harness } from './harness';
import { closedPort, startLocalServer, type LocalServer } from '../../../../support/local-server';
import { connectorFailure } from '../../../../support/connector-failure';
import { createRateLimiter } from '../../../../../electron/engine/connectors/http/rate-limit';
import { startTascomiEmulator } from '../../../../emulators/tascomi';
import { settlesWithin } from '../../../../support/hang-guard';
import { manualClock } from '../../../../support/manual-clock';

let h: Harness | undefined;
let local: LocalServer | undefined;
afterEach(async () => {
  await h?.close();
  await local?.close();
  h = undefined;
  local = undefined;
});

const clientFor = (baseUrl: string, extra: Partial<Parameters<typeof createTascomiClient>[0]> = {}) =>
  createTascomiClient({ baseUrl, ...DEMO_KEYS, timeZone: 'Europe/London', clock: fakeClock('2026-06-15T10:00:20Z'), proxyEnv: {}, ...extra });

describe('the base URL', () => {
  it('must not carry the /v1 version: the error says what to remove', () => {
    expect(() => clientFor('https://my-council.tascomi.com/rest/v1/')).toThrow(/Remove "\/v1" .*https:\/\/my-council\.tascomi\.com\/rest$/);
    expect(() => clientFor('https://my-council.tascomi.com/rest/v1/complaints')).toThrow(/Remove "\/v1\/complaints"/);
  });

  it('tolerates a trailing slash, and refuses other schemes and junk', () => {
    expect(clientFor('https://my-council.tascomi.com/rest/').baseUrl).toBe('https://my-council.tascomi.com/rest');
    expect(() => clientFor('ftp://my-council.tascomi.com/rest')).toThrow(/https:\/\//);
    expect(() => clientFor('my-council')).toThrow(/not a web address/);
    expect(() => clientFor('https://my-council.tascomi.com/rest?public_key=abc')).toThrow(/"\?"/);
  });

  it('needs both keys and a real zone', () => {
    expect(() => createTascomiClient({ baseUrl: 'https://x.tascomi.com/rest', publicKey: 'p', privateKey: ' ', clock: fakeClock() })).toThrow(/keys/);
    expect(() => clientFor('https://x.tascomi.com/rest', { timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });
});

describe('reading and writing through the emulator', () => {
  it('lists with paging headers, and answers 202 as an empty list', async () => {
    h = await startHarness({ emulator: { pageSize: 5 } });
    const page = await h.client.list('complaint_codes', {}, { page: 2, sort: 'id' });
    expect(page).toMatchObject({ page: 2, perPage: 5, total: 24 });
    expect(page.items.map((r) => r.id)).toEqual(['6', '7', '8', '9', '10']);
    const none = await h.client.list('contacts', { reference: 'NOBODY-HAS-THIS' });
    expect(none).toEqual({ items: [], page: 1, perPage: 5, total: 0 });
    expect(h.emulator.requestLog().at(-1)!.status).toBe(202);
  });

  it('listAll walks every page, and stops at maxPages saying so', async () => {
    h = await startHarness({ emulator: { pageSize: 5 } });
    const all = await h.client.listAll('complaint_codes');
    expect(all).toMatchObject({ total: 24, pages: 5, truncated: false });
    expect(new Set(all.items.map((r) => r.id)).size).toBe(24);
    const some = await h.client.listAll('complaint_codes', {}, { maxPages: 2 });
    expect(some).toMatchObject({ total: 24, pages: 2, truncated: true });
    expect(some.items).toHaveLength(10);
  });

  it('creates with PUT and a form body (booleans t/f, dates in the instance zone), updates with POST, reads by id', async () => {
    h = await startHarness();
    const received = DateTime.fromISO('2026-06-15T08:05:09Z'); // 09:05:09 BST
    const id = await h.client.create('complaints', {
      core_function_id: 1,
      complaint_code_id: '1',
      investigating_officer_id: '2',
      received_date: received,
      remarks: 'Music & shouting at 2am; neighbours = upset',
      external_reference: 'CASE-1',
      ceased: false,
      skipped: undefined,
    });
    expect(id).toMatch(/^\d+$/);
    const stored = await h.client.get('complaints', id);
    expect(stored).toMatchObject({ id, received_date: '2026-06-15 09:05:09', remarks: 'Music & shouting at 2am; neighbours = upset', ceased: 'f', external_reference: 'CASE-1' });
    expect(stored).not.toHaveProperty('skipped');
    const log = h.emulator.requestLog();
    expect(log.find((e) => e.method === 'PUT')!.path).toBe('/rest/v1/complaints');

    expect(await h.client.update('complaints', id, { remarks: 'Updated', received_date: new Date('2026-01-10T12:00:00Z') })).toBe(id);
    expect(await h.client.get('complaints', id)).toMatchObject({ remarks: 'Updated', received_date: '2026-01-10 12:00:00' });
    expect(h.emulator.requestLog().find((e) => e.method === 'POST')!.path).toBe(`/rest/v1/complaints/${id}`);
  });

  it('an update answered {"id": 0} is a validation failure: "Tascomi did not apply the update"', async () => {
    h = await startHarness();
    const error = await connectorFailure(() => h!.client.update('complaints', h!.emulator.demo!.ceasedComplaintId, { remarks: 'x' }));
    expect(error).toMatchObject({ kind: 'validation', retryable: false, table: 'complaints' });
    expect(error.message).toMatch(/Tascomi did not apply the update/);
  });

  it('a missing record is not_found (not retried)', async () => {
    h = await startHarness();
    const error = await connectorFailure(() => h!.client.get('complaints', 999_999));
    expect(error).toMatchObject({ kind: 'not_found', status: 404, retryable: false, table: 'complaints' });
  });

  it('refuses a table or id that is not one before sending anything', async () => {
    h = await startHarness();
    await expect(h.client.get('complaints/../users', 1)).rejects.toMatchObject({ kind: 'validation' });
    await expect(h.client.get('complaints', '1?x=y')).rejects.toMatchObject({ kind: 'validation' });
    expect(h.emulator.requestLog()).toHaveLength(0);
  });
});

describe('each class of failure', () => {
  it('connection refused (a closed port): connection, retryable, never reached the server', async () => {
    const port = await closedPort();
    const error = await connectorFailure(() => clientFor(`http://127.0.0.1:${port}/rest`).create('complaints', { remarks: 'x' }));
    expect(error).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED', retryable: true, mayHaveApplied: false });
    expect(error.message).toMatch(/refused/);
  });

  it('a connection reset before any answer: connection, retryable, and a create may have been applied', async () => {
    local = await startLocalServer((req) => req.socket.destroy());
    const error = await connectorFailure(() => clientFor(local!.baseUrl).create('complaints', { remarks: 'x' }));
    expect(error).toMatchObject({ kind: 'connection', retryable: true, mayHaveApplied: true });
    expect(['ECONNRESET', 'EPIPE']).toContain(error.code);
    // A read changes nothing, so its outcome is never "unknown".
    const read = await connectorFailure(() => clientFor(local!.baseUrl).list('complaints'));
    expect(read).toMatchObject({ kind: 'connection', mayHaveApplied: false });
  });

  it('the emulator dropping the connection is the same class', async () => {
    h = await startHarness({ emulator: { faults: { dropRate: 1 } } });
    const error = await connectorFailure(() => h!.client.list('core_functions'));
    expect(error).toMatchObject({ kind: 'connection', retryable: true });
  });

  it('no answer within timeoutMs: timeout, retryable (real time, 200 ms)', async () => {
    local = await startLocalServer(() => {
      /* never answers */
    });
    const started = performance.now();
    const error = await connectorFailure(() => clientFor(local!.baseUrl, { timeoutMs: 200 }).create('complaints', { remarks: 'x' }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, mayHaveApplied: true, detail: 'no answer within 200 ms' });
    expect(local.requests).toHaveLength(1);
  });

  it("5xx: remote, retryable; a proxy's HTML page is summarised by its title", async () => {
    h = await startHarness({ emulator: { faults: { errorRate: 1 } } });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const error = await connectorFailure(() => h!.client.list('core_functions'));
      expect(error).toMatchObject({ kind: 'remote', retryable: true });
      expect(error.message).not.toMatch(/<html|<body/i);
      statuses.add(error.status!);
    }
    expect([...statuses].every((s) => s >= 500)).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
  });

  it('429 with Retry-After: rate_limit, retryable, with the wait', async () => {
    h = await startHarness({ emulator: { faults: { rateLimit: { retryAfterSeconds: 7, count: 1 } } } });
    const error = await connectorFailure(() => h!.client.list('core_functions'));
    expect(error).toMatchObject({ kind: 'rate_limit', status: 429, retryable: true, retryAfterMs: 7000 });
    expect(error.message).toMatch(/wait 7 s/);
    await expect(h.client.list('core_functions')).resolves.toMatchObject({ total: 6 });
  });

  it('401 with wrong keys: re-signed once, then authentication, not retryable, not a boundary', async () => {
    h = await startHarness();
    const client = h.makeClient({ privateKey: 'not-the-private-key' });
    const error = await connectorFailure(() => client.list('core_functions'));
    expect(error).toMatchObject({ kind: 'authentication', status: 401, retryable: false, atMinuteBoundary: false });
    expect(error.detail).toBe('Authentication failures, invalid public key or HMAC');
    expect(error.message).toMatch(/public and private keys/);
    expect(h.emulator.requestLog().map((e) => e.status)).toEqual([401, 401]);
  });

  it('403: permission, naming the table, not retryable', async () => {
    h = await startHarness();
    h.emulator.setKeyPermissions(DEMO_KEYS.publicKey, { complaints: { view: true, write: false } });
    const error = await connectorFailure(() => h!.client.create('complaints', { remarks: 'x' }));
    expect(error).toMatchObject({ kind: 'permission', status: 403, table: 'complaints', retryable: false });
    expect(error.detail).toMatch(/Create & Update access to complaints/);
  });

  it('400: validation naming the field, not retryable', async () => {
    h = await startHarness();
    const error = await connectorFailure(() => h!.client.create('contacts', { surname: 'Jones', email: 'not-an-email' }));
    expect(error).toMatchObject({ kind: 'validation', status: 400, retryable: false, fields: { email: 'is not an email address' } });
    expect(error.message).toMatch(/email - is not an email address/);

    h.emulator.setFaults({ forceValidationFailure: { resource: 'complaints', field: 'remarks', message: 'is too long' } });
    const forced = await connectorFailure(() => h!.client.create('complaints', { core_function_id: '1', complaint_code_id: '1', investigating_officer_id: '1' }));
    expect(forced.fields).toEqual({ remarks: 'is too long' });
  });

  it('a redirect is a settings problem, not something to follow or retry', async () => {
    local = await startLocalServer((_req, res) => {
      res.writeHead(301, { Location: 'https://new-council.idoxcloud.com/rest/v1/core_functions' });
      res.end();
    });
    const error = await connectorFailure(() => clientFor(local!.baseUrl).list('core_functions'));
    expect(error).toMatchObject({ kind: 'validation', status: 301, retryable: false });
    expect(error.message).toMatch(/new-council\.idoxcloud\.com/);
  });

  it('a council moved to *.idoxcloud.com: 301, 302 and 308 name the base URL to save (no version part), and nothing follows', async () => {
    for (const status of [301, 302, 308]) {
      local = await startLocalServer((_req, res) => {
        res.writeHead(status, { Location: 'https://new-council.idoxcloud.com/rest/v1/core_functions?page=2' });
        res.end();
      });
      const error = await connectorFailure(() => clientFor(local!.baseUrl).list('core_functions', { page: 2 }));
      expect(error, String(status)).toMatchObject({ kind: 'validation', status, retryable: false });
      expect(error.message).toMatch(/^Tascomi moved this council to https:\/\/new-council\.idoxcloud\.com\/rest: save that as the API base url on the Connections page/);
      expect(error.message).toMatch(/not followed.*signed with the API keys.*only to the saved address/);
      expect(local.requests).toHaveLength(1);
      await local.close();
      local = undefined;
    }
  });

  it('a redirect to any other host is explained without suggesting it, and is not followed even to this machine', async () => {
    let location = 'https://login.example.net/sso?return=/rest';
    local = await startLocalServer((_req, res) => {
      res.writeHead(302, { Location: location });
      res.end();
    });
    const elsewhere = await connectorFailure(() => clientFor(local!.baseUrl).list('core_functions'));
    expect(elsewhere).toMatchObject({ kind: 'validation', status: 302, retryable: false });
    expect(elsewhere.message).toMatch(/redirected the request to login\.example\.net, which is not a Tascomi or Idox Cloud address \(\*\.tascomi\.com, \*\.idoxcloud\.com\)/);
    expect(elsewhere.message).not.toMatch(/save that|moved this council/);
    location = '/rest/v1/elsewhere'; // this very server: still not followed
    const here = await connectorFailure(() => clientFor(local!.baseUrl).list('core_functions'));
    expect(here.message).toMatch(/to 127\.0\.0\.1, which is not a Tascomi or Idox Cloud address/);
    expect(local.requests.map((r) => r.url)).toEqual(['/rest/v1/core_functions?page=1', '/rest/v1/core_functions?page=1']);
  });

  it('a 200 that is not JSON (a login page) is a remote problem, and says to check the proxy', async () => {
    local = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html', Date: new Date().toUTCString() });
      res.end('<html><title>Sign in to the web filter</title></html>');
    });
    const error = await connectorFailure(() => clientFor(local!.baseUrl).list('core_functions'));
    expect(error).toMatchObject({ kind: 'remote', retryable: true });
    expect(error.message).toMatch(/proxy/);
  });
});

describe('what reaches the log', () => {
  it('never the hash, the public or private key, or whole records', async () => {
    h = await startHarness();
    const exchanges: HttpExchange[] = [];
    const written: string[] = [];
    const client = h.makeClient({ onExchange: (e) => exchanges.push(e), log: { write: (e) => (written.push(JSON.stringify(e)), undefined as never) } });
    await client.get('complaints', '1'); // carries a large gis_map_image_base64
    await client.create('contacts', { surname: 'Okafor', email: 'a.okafor@example.org' });
    const wrong = h.makeClient({ privateKey: 'wrong-private-key', onExchange: (e) => exchanges.push(e) });
    const error = await connectorFailure(() => wrong.list('core_functions'));

    const image = String(h.emulator.records('complaints')[0]!.gis_map_image_base64);
    const everything = [
      ...exchanges.flatMap((e) => [e.request, e.response]),
      ...written,
      error.request ?? '',
      error.response ?? '',
      JSON.stringify(error.toJSON()),
      error.message,
    ].join('\n');
    expect(image.length).toBeGreaterThan(10_000);
    expect(everything).not.toContain(image.slice(0, 200));
    expect(everything).not.toMatch(/x-hash|x-public/i);
    expect(everything).not.toContain(DEMO_KEYS.publicKey);
    expect(everything).not.toContain(DEMO_KEYS.privateKey);
    expect(everything).not.toContain('wrong-private-key');
    // Person details are marked, so the log viewer hides them unless a person reveals them.
    expect(hidePersonal(everything)).not.toContain('Okafor');
    expect(everything).toContain(`surname=${markPersonal('Okafor')}`);
    expect(exchanges[0]!.response).toMatch(/record id 1 with \d+ field/);
  });

  it('redactRequest drops auth headers and marks personal values; redactResponse keeps error messages', () => {
    const text = redactRequest({
      method: 'put',
      url: 'https://user:pw@x.tascomi.com/rest/v1/contacts?reference=CXM-P-1&page=2',
      headers: { 'X-Public': 'pub', 'X-Hash': 'hash==', Accept: 'application/json' },
      body: 'surname=Jones&title_id=3&gis_map_image_base64=' + 'A'.repeat(20_000),
    });
    const shown = hidePersonal(text);
    expect(shown).toContain('PUT https://x.tascomi.com/rest/v1/contacts?reference=[personal: 7 chars]&page=2');
    expect(shown).toContain('Accept: application/json');
    expect(shown).toContain('title_id=3');
    expect(shown).toContain('surname=[personal: 5 chars]');
    expect(shown).toContain('gis_map_image_base64=[omitted, 20000 chars]');
    expect(shown).not.toMatch(/hash==|pub\b|pw|Jones|AAAA/);
    expect(revealPersonal(text)).toContain('surname=Jones');
    expect(text).not.toMatch(/hash==|pub\b|:pw@|AAAA/);

    const answer = redactResponse({ status: 400, body: JSON.stringify({ message: 'Validation failed', errors: { email: 'is not an email address' } }) });
    expect(answer).toContain('HTTP 400');
    expect(answer).toContain('is not an email address');
    expect(redactResponse({ status: 202, body: '' })).toContain('body: empty');
    expect(redactResponse({ status: 200, body: JSON.stringify([{ id: '1', surname: 'Jones' }, { id: '2' }]) })).toMatch(/2 record\(s\), ids 1, 2$/m);
  });
});

describe('under a rate limit', () => {
  it('signs a request when its turn comes, so one held across a minute boundary is not refused as stale', async () => {
    const clock = manualClock('2026-06-15T09:00:30Z');
    const emulator = await startTascomiEmulator({ now: () => clock.millis() });
    try {
      const rateLimit = createRateLimiter({ clock, limit: { requestsPerSecond: 5, maxConcurrent: 1 } });
      const client = clientFor(emulator.baseUrl, { clock, rateLimit });
      const place = await rateLimit.acquire();
      const read = client.list('titles');
      await new Promise((resolve) => setImmediate(resolve));
      clock.advance(60_000); // held into the next minute
      place();
      for (let turn = 0; turn < 5; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
        clock.advance(200); // any later sending's turn (5 a second)
      }
      expect((await settlesWithin(read, 'the held read')).items.length).toBeGreaterThan(0);
      expect(emulator.requestLog().map((r) => r.status)).toEqual([200]); // not a 401 and a re-signed resend
    } finally {
      await emulator.close();
    }
  });
});
