/**
 * A stored secret (Tascomi's private key, the Civica Cx password) goes only to the saved address
 * as the saved user, through every call that can use it: a console that names another address or
 * user must type the secret again, is refused on the secret's field, and nothing at all reaches the
 * other host (a loopback server that counts what it receives). The calls keep working where the
 * secret is allowed: the saved address, a typed secret, a new address saved with its new secret.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { CivicaCxSettingsInput } from '../../../../shared/domain/civica-cx';
import type { TascomiSettingsInput } from '../../../../shared/domain/tascomi';
import { DEMO_USER, startCivicaCxEmulator, type CivicaCxEmulator } from '../../../emulators/civica-cx';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { startLocalServer, type LocalServer } from '../../../support/local-server';

let t: TestEngine | undefined;
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Another host at the console's choice: it keeps every request it gets, with its body. */
interface CountingHost extends LocalServer {
  received: { method: string; url: string; headers: Record<string, unknown>; body: string }[];
}
async function otherHost(): Promise<CountingHost> {
  const received: CountingHost['received'] = [];
  const server = await startLocalServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    });
  });
  servers.push(server);
  return Object.assign(server, { received });
}

const call = async (name: CallName, input?: unknown) => (await dispatchCall(t!.engine.handlers, name, input, t!.engine.localCaller)) as CallResult<any>;
const value = async (name: CallName, input?: unknown) => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value;
};

/** The call was refused on `field` with the words of the rule, naming both addresses. */
function expectRefusedOn(result: CallResult<unknown>, field: string, words: RegExp) {
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('invalid_input');
  expect(result.error.message).toMatch(words);
  expect(result.error.issues).toEqual([{ path: field, message: expect.stringMatching(words) }]);
}

describe('the stored Tascomi private key', () => {
  let saved: TascomiEmulator;
  const settings = (overrides: Partial<TascomiSettingsInput> = {}): TascomiSettingsInput => ({
    enabled: true,
    baseUrl: saved.baseUrl,
    ...DEMO_KEYS,
    timeZone: 'Europe/London',
    streetRecordText: 'STREET RECORD',
    codeListTtlSeconds: 600,
    ...overrides,
  });
  const probe = (baseUrl: string, publicKey = DEMO_KEYS.publicKey) => ({ baseUrl, publicKey, timeZone: 'Europe/London' });

  async function start() {
    t = startTestEngine();
    saved = await startTascomiEmulator({ now: () => t!.clock.millis() });
    servers.push(saved);
    expect((await value('saveTascomiSettings', settings())).saved).toBe(true);
    saved.clearRequestLog();
  }

  it.each(['testTascomiConnection', 'checkTascomiAccess', 'confirmTascomiWriteAccess'] as const)(
    '%s to another address without the key typed is refused, and nothing is sent there',
    async (name) => {
      await start();
      const other = await otherHost();
      const result = await call(name, probe(other.baseUrl));
      expectRefusedOn(result, 'privateKey', new RegExp(`saved API private key is only sent to the saved address ${saved.baseUrl}.*type it again to use ${other.baseUrl}`));
      expect(other.received).toEqual([]);
      expect(saved.requestLog()).toEqual([]);
    },
  );

  it('saving another address without the key is refused while enabled: nothing sent, nothing saved', async () => {
    await start();
    const other = await otherHost();
    const result = await call('saveTascomiSettings', settings({ baseUrl: other.baseUrl, privateKey: undefined }));
    expectRefusedOn(result, 'privateKey', /saved API private key is only sent to the saved address.*type it again/);
    expect(other.received).toEqual([]);
    expect(await value('getTascomiSettings')).toMatchObject({ baseUrl: saved.baseUrl, privateKeySet: true });
  });

  it('another public key at the saved address needs the key typed again too', async () => {
    await start();
    const result = await call('testTascomiConnection', probe(saved.baseUrl, 'someone-elses-public-key'));
    expectRefusedOn(result, 'privateKey', /saved API private key is only sent .* with the saved public key; type it again/);
    const save = await call('saveTascomiSettings', settings({ publicKey: 'someone-elses-public-key', privateKey: '' }));
    expectRefusedOn(save, 'privateKey', /with the saved public key; type it again/);
    expect(saved.requestLog()).toEqual([]);
  });

  it('the saved address, however it is written, still uses the stored key', async () => {
    await start();
    const written = saved.baseUrl.replace('http://', 'HTTP://') + '/';
    expect(await value('testTascomiConnection', probe(written))).toMatchObject({ ok: true });
    expect((await value('checkTascomiAccess', probe(saved.baseUrl))).ok).toBe(true);
    expect(await value('saveTascomiSettings', settings({ privateKey: undefined, codeListTtlSeconds: 60 }))).toMatchObject({ saved: true });
  });

  it('a typed key goes to a new address; saved with it, the new address is the one the stored key serves', async () => {
    await start();
    const next = await startTascomiEmulator({ now: () => t!.clock.millis() });
    servers.push(next);
    expect(await value('testTascomiConnection', { ...probe(next.baseUrl), privateKey: DEMO_KEYS.privateKey })).toMatchObject({ ok: true });
    expect(await value('saveTascomiSettings', settings({ baseUrl: next.baseUrl }))).toMatchObject({ saved: true });
    expect(await value('testTascomiConnection', probe(next.baseUrl))).toMatchObject({ ok: true });
    saved.clearRequestLog();
    expectRefusedOn(await call('testTascomiConnection', probe(saved.baseUrl)), 'privateKey', /only sent to the saved address/);
    expect(saved.requestLog()).toEqual([]);
  });

  it('a disabled integration saved with another address forgets the key, so enabling it later sends nothing', async () => {
    await start();
    const other = await otherHost();
    const disabled = await value('saveTascomiSettings', settings({ enabled: false, baseUrl: other.baseUrl, privateKey: undefined }));
    expect(disabled).toMatchObject({ saved: true, settings: { baseUrl: other.baseUrl, privateKeySet: false } });
    expect(t!.engine.log.recent(1)[0]!.message).toMatch(/saved API private key was removed/);
    const enabled = await value('saveTascomiSettings', settings({ baseUrl: other.baseUrl, privateKey: undefined }));
    expect(enabled).toMatchObject({ saved: false, test: { reason: expect.stringMatching(/no API private key/) } });
    expect(await value('testTascomiConnection', probe(other.baseUrl))).toMatchObject({ ok: false, reason: expect.stringMatching(/no API private key/) });
    expect(other.received).toEqual([]);
  });

  it('the Network diagnosis takes no address from the console: it goes to the saved one only', async () => {
    await start();
    const other = await otherHost();
    const refused = await call('diagnoseConnection', { connector: 'tascomi', baseUrl: other.baseUrl });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const diagnosis = await value('diagnoseConnection', { connector: 'tascomi' });
    expect(diagnosis).toMatchObject({ ok: true, target: saved.baseUrl });
    expect(other.received).toEqual([]);
  });
});

describe('the stored Civica Cx password', () => {
  let saved: CivicaCxEmulator;
  const settings = (overrides: Partial<CivicaCxSettingsInput> = {}): CivicaCxSettingsInput => ({
    enabled: true,
    baseUrl: saved.baseUrl,
    ...DEMO_USER,
    companyCode: '',
    repairsStartDate: '',
    repairCancellation: true,
    cancellationNoticeDays: 0,
    refreshMinutes: 15,
    ...overrides,
  });

  async function start() {
    t = startTestEngine();
    saved = await startCivicaCxEmulator({ now: () => t!.clock.millis() });
    servers.push(saved);
    expect((await value('saveCivicaCxSettings', settings())).saved).toBe(true);
    saved.clearRequestLog();
  }

  it.each(['listCivicaCxCompanies', 'testCivicaCxConnection'] as const)(
    '%s to another address without the password typed is refused, and the password never reaches it',
    async (name) => {
      await start();
      const other = await otherHost();
      const result = await call(name, { baseUrl: other.baseUrl });
      expectRefusedOn(result, 'password', new RegExp(`saved password is only sent to the saved address ${saved.baseUrl}.*type it again to use ${other.baseUrl}`));
      expect(other.received).toEqual([]);
      const withUser = await call(name, { baseUrl: other.baseUrl, username: DEMO_USER.username });
      expectRefusedOn(withUser, 'password', /only sent to the saved address/);
      expect(other.received).toEqual([]);
    },
  );

  it.each(['listCivicaCxCompanies', 'testCivicaCxConnection'] as const)('%s as another user at the saved address needs the password typed again', async (name) => {
    await start();
    const result = await call(name, { username: 'someone.else' });
    expectRefusedOn(result, 'password', /saved password is only sent .* as the saved username; type it again/);
    expect(saved.requestLog()).toEqual([]);
  });

  it('saving another address or user without the password is refused while enabled: nothing sent, nothing saved', async () => {
    await start();
    const other = await otherHost();
    expectRefusedOn(await call('saveCivicaCxSettings', settings({ baseUrl: other.baseUrl, password: undefined })), 'password', /only sent to the saved address/);
    expectRefusedOn(await call('saveCivicaCxSettings', settings({ username: 'someone.else', password: '' })), 'password', /as the saved username/);
    expect(other.received).toEqual([]);
    expect(saved.requestLog()).toEqual([]);
    expect(await value('getCivicaCxSettings')).toMatchObject({ baseUrl: saved.baseUrl, username: DEMO_USER.username, passwordSet: true });
  });

  it('the saved address and user still use the stored password, left out or given', async () => {
    await start();
    expect((await value('listCivicaCxCompanies', {})).ok).toBe(true);
    expect((await value('testCivicaCxConnection', { baseUrl: `${saved.baseUrl}/`, username: DEMO_USER.username, companyCode: 'NBH' })).ok).toBe(true);
    expect(await value('saveCivicaCxSettings', settings({ password: undefined, companyCode: 'NBH' }))).toMatchObject({ saved: true });
  });

  it('a typed password goes to a new address; saved with it, the new address is the one the stored password serves', async () => {
    await start();
    const next = await startCivicaCxEmulator({ now: () => t!.clock.millis() });
    servers.push(next);
    expect((await value('listCivicaCxCompanies', { baseUrl: next.baseUrl, password: DEMO_USER.password })).ok).toBe(true);
    expect(await value('saveCivicaCxSettings', settings({ baseUrl: next.baseUrl }))).toMatchObject({ saved: true });
    expect((await value('testCivicaCxConnection', {})).ok).toBe(true);
    expectRefusedOn(await call('listCivicaCxCompanies', { baseUrl: saved.baseUrl }), 'password', /only sent to the saved address/);
    expect(saved.requestLog()).toEqual([]);
  });

  it('a disabled integration saved with another address forgets the password, so enabling it later sends nothing', async () => {
    await start();
    const other = await otherHost();
    const disabled = await value('saveCivicaCxSettings', settings({ enabled: false, baseUrl: other.baseUrl, password: undefined }));
    expect(disabled).toMatchObject({ saved: true, settings: { baseUrl: other.baseUrl, passwordSet: false } });
    expect(t!.engine.log.recent(1)[0]!.message).toMatch(/saved password was removed/);
    expect(await value('saveCivicaCxSettings', settings({ baseUrl: other.baseUrl, password: undefined }))).toMatchObject({ saved: false });
    expect(await value('listCivicaCxCompanies', {})).toMatchObject({ ok: false, reason: expect.stringMatching(/no password/) });
    expect(other.received).toEqual([]);
  });

  it('the Network diagnosis takes no address from the console: it goes to the saved one only', async () => {
    await start();
    const other = await otherHost();
    expect(await call('diagnoseConnection', { connector: 'civica-cx', baseUrl: other.baseUrl })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await value('diagnoseConnection', { connector: 'civica-cx' })).toMatchObject({ ok: true, target: saved.baseUrl });
    expect(other.received).toEqual([]);
  });
});
