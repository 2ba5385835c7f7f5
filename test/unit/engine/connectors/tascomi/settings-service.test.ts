import { afterEach, describe, expect, it } from 'vitest';
import type { ApiAccessResult, ConnectionTestResult, TascomiSettingsInput, WriteAccessConfirmation } from '../../../../../shared/domain/tascomi';
import { dispatchCall } from '../../../../../shared/dispatch';
import {
  createTascomiSettingsService,
  TASCOMI_PRIVATE_KEY_SECRET,
  type TascomiProber,
  type TascomiTarget,
} from '../../../../../electron/engine/connectors/tascomi/settings-service';
import { createSettingsRepo } from '../../../../../electron/engine/store/settings-repo';
import { openStore, type Store } from '../../../../../electron/engine/store/open-store';
import { startTestEngine, type TestEngine } from '../../../../support/engine';

/** A prober that records what it was asked and answers as told. */
function fakeProber(answer: Partial<ConnectionTestResult> = {}) {
  const asked: TascomiTarget[] = [];
  const prober: TascomiProber = {
    async testConnection(target) {
      asked.push(target);
      return { ok: true, steps: [{ step: 'authenticate', label: 'Authenticate', ok: true, ms: 3, detail: 'ok' }], clockOffsetMs: 120, ...answer };
    },
    async checkAccess(target): Promise<ApiAccessResult> {
      asked.push(target);
      return { ok: true, rows: [] };
    },
    async confirmWriteAccess(target): Promise<WriteAccessConfirmation> {
      asked.push(target);
      return { ok: true, marker: 'CASEBRIDGE-ACCESS-CHECK-X', checks: [], created: [] };
    },
  };
  return { prober, asked };
}

const FORM: TascomiSettingsInput = {
  enabled: true,
  baseUrl: 'https://my-council.tascomi.com/rest/',
  publicKey: 'pub-123',
  privateKey: 'priv-secret',
  timeZone: 'Europe/London',
  streetRecordText: 'STREET RECORD',
  codeListTtlSeconds: 600,
};

let t: TestEngine;
let store: Store;
afterEach(async () => {
  store?.close();
  await t?.dispose();
});

function service(prober: TascomiProber) {
  t = startTestEngine();
  store = openStore(':memory:');
  return createTascomiSettingsService({ settings: createSettingsRepo(store.db), secrets: t.engine.secrets, clock: t.clock, log: t.engine.log, prober });
}

describe('Tascomi settings', () => {
  it('start disabled with the seed defaults and no key', async () => {
    const s = service(fakeProber().prober);
    expect(await s.get()).toEqual({
      enabled: false,
      baseUrl: '',
      publicKey: '',
      timeZone: 'Europe/London',
      streetRecordText: 'STREET RECORD',
      codeListTtlSeconds: 3600,
      rateLimit: { requestsPerSecond: 5, maxConcurrent: 3 },
      privateKeySet: false,
    });
    expect(await s.activeTarget()).toBeUndefined();
  });

  it('settings saved before the rate limit existed are read with the default limit, nothing else lost', async () => {
    const s = service(fakeProber().prober);
    const older = {
      enabled: false,
      baseUrl: 'https://my-council.idoxcloud.com/rest',
      publicKey: 'pub-123',
      timeZone: 'Europe/London',
      streetRecordText: 'STREET',
      codeListTtlSeconds: 60,
    };
    createSettingsRepo(store.db).set('tascomi.settings', older, '2026-01-01T00:00:00Z');
    expect(await s.get()).toMatchObject({ ...older, rateLimit: { requestsPerSecond: 5, maxConcurrent: 3 } });
  });

  it('verify the connection before saving an enabled integration, then keep the key as a secret only', async () => {
    const { prober, asked } = fakeProber();
    const s = service(prober);
    const result = await s.save(FORM);
    expect(asked).toEqual([{ baseUrl: 'https://my-council.tascomi.com/rest', publicKey: 'pub-123', privateKey: 'priv-secret', timeZone: 'Europe/London' }]);
    expect(result.saved).toBe(true);
    expect(result.settings).toMatchObject({ enabled: true, baseUrl: 'https://my-council.tascomi.com/rest', privateKeySet: true });
    expect(JSON.stringify(result)).not.toContain('priv-secret');
    expect(await t.engine.secrets.get(TASCOMI_PRIVATE_KEY_SECRET)).toBe('priv-secret');
    expect(store.sqlite.prepare('SELECT value FROM settings').pluck().all().join()).not.toContain('priv-secret');
    expect(t.engine.log.recent(1)[0]!.message).toMatch(/saved; the integration is enabled/);
    expect(await s.activeTarget()).toMatchObject({ privateKey: 'priv-secret', codeListTtlSeconds: 600 });
  });

  it('save nothing when the verification fails, and say why', async () => {
    const { prober } = fakeProber({ ok: false, reason: 'Authentication failures, invalid public key or HMAC' });
    const s = service(prober);
    const result = await s.save(FORM);
    expect(result).toMatchObject({ saved: false, settings: { enabled: false, baseUrl: '', privateKeySet: false }, test: { ok: false } });
    expect(await t.engine.secrets.has(TASCOMI_PRIVATE_KEY_SECRET)).toBe(false);
    expect(t.engine.log.recent(1)[0]).toMatchObject({ level: 'warn', message: expect.stringMatching(/not saved: Authentication failures/) });
  });

  it('keep the stored key when the form leaves it blank, and refuse to enable with no key at all', async () => {
    const { prober, asked } = fakeProber();
    const s = service(prober);
    const { privateKey: _k, ...withoutKey } = FORM;
    const refused = await s.save(withoutKey);
    expect(refused).toMatchObject({ saved: false, test: { ok: false, reason: expect.stringMatching(/no API private key/) } });
    expect(asked).toEqual([]);
    await s.save(FORM);
    const again = await s.save({ ...withoutKey, codeListTtlSeconds: 60, privateKey: '' });
    expect(again.saved).toBe(true);
    expect(asked.at(-1)).toMatchObject({ publicKey: 'pub-123', privateKey: 'priv-secret' });
    // Another public key is another user of the key: it must be typed again (stored-secret-guard.test.ts).
    await expect(s.save({ ...withoutKey, publicKey: 'pub-456', privateKey: '' })).rejects.toThrow(/only sent .* with the saved public key/);
  });

  it('save a disabled integration without contacting Tascomi', async () => {
    const { prober, asked } = fakeProber();
    const s = service(prober);
    const result = await s.save({ ...FORM, enabled: false, baseUrl: '', publicKey: '', privateKey: undefined });
    expect(result.saved).toBe(true);
    expect(asked).toEqual([]);
  });

  it('a key an older version kept with no address saved is not used, and the settings still read', async () => {
    const { prober, asked } = fakeProber();
    const s = service(prober);
    await s.save(FORM);
    // Older versions kept the key when the integration was saved switched off with no address.
    const { privateKey: _key, ...settings } = FORM;
    createSettingsRepo(store.db).set('tascomi.settings', { ...settings, enabled: false, baseUrl: '' }, t.clock.now().toISO()!);
    expect(await s.activeTarget()).toBeUndefined();
    expect(await s.get()).toMatchObject({ baseUrl: '', publicKey: 'pub-123', codeListTtlSeconds: 600, privateKeySet: true });
    await expect(s.test({ baseUrl: 'https://my-council.tascomi.com/rest', publicKey: 'pub-123', timeZone: 'Europe/London' })).rejects.toThrow(
      /only sent to the saved address \(none saved\)/,
    );
    expect(asked).toHaveLength(1);
  });

  it('test and check with the form values and the stored key', async () => {
    const { prober, asked } = fakeProber();
    const s = service(prober);
    expect(await s.test({ baseUrl: 'https://x.tascomi.com/rest', publicKey: 'p', timeZone: 'Europe/London' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no API private key/),
    });
    await s.save(FORM);
    await s.checkAccess({ baseUrl: 'https://my-council.tascomi.com/rest', publicKey: 'pub-123', timeZone: 'Europe/Dublin' });
    expect(asked.at(-1)).toEqual({ baseUrl: 'https://my-council.tascomi.com/rest', publicKey: 'pub-123', privateKey: 'priv-secret', timeZone: 'Europe/Dublin' });
    await s.checkAccess({ baseUrl: 'https://other.tascomi.com/rest', publicKey: 'p2', privateKey: 'typed', timeZone: 'Europe/Dublin' });
    expect(asked.at(-1)).toEqual({ baseUrl: 'https://other.tascomi.com/rest', publicKey: 'p2', privateKey: 'typed', timeZone: 'Europe/Dublin' });
    // The stored key is not for another address (stored-secret-guard.test.ts proves it through the calls).
    await expect(s.checkAccess({ baseUrl: 'https://other.tascomi.com/rest', publicKey: 'pub-123', timeZone: 'Europe/Dublin' })).rejects.toThrow(/only sent to the saved address/);
    expect(asked).toHaveLength(3);
    // The write access confirmation signs under the same guard.
    await s.confirmWriteAccess({ baseUrl: 'https://my-council.tascomi.com/rest', publicKey: 'pub-123', timeZone: 'Europe/London' });
    expect(asked.at(-1)).toEqual({ baseUrl: 'https://my-council.tascomi.com/rest', publicKey: 'pub-123', privateKey: 'priv-secret', timeZone: 'Europe/London' });
    await expect(s.confirmWriteAccess({ baseUrl: 'https://other.tascomi.com/rest', publicKey: 'pub-123', timeZone: 'Europe/London' })).rejects.toThrow(
      /only sent to the saved address/,
    );
    expect(asked).toHaveLength(4);
  });
});

describe('Tascomi settings input', () => {
  it('names what is wrong: a /v1/ address, http to a remote host, an unknown zone, missing fields when enabled', async () => {
    t = startTestEngine();
    const check = async (patch: Partial<TascomiSettingsInput>) => {
      const result = await dispatchCall(t.engine.handlers, 'saveTascomiSettings', { ...FORM, ...patch }, t.engine.localCaller);
      return result.ok ? [] : result.error.issues;
    };
    expect(await check({ baseUrl: 'https://my-council.tascomi.com/rest/v1/' })).toEqual([
      { path: 'baseUrl', message: expect.stringMatching(/^Remove "\/v1" from the API base url.*Use https:\/\/my-council\.tascomi\.com\/rest$/) },
    ]);
    expect(await check({ baseUrl: 'http://my-council.tascomi.com/rest' })).toEqual([{ path: 'baseUrl', message: expect.stringMatching(/https:\/\//) }]);
    expect(await check({ baseUrl: 'my-council' })).toEqual([{ path: 'baseUrl', message: expect.stringMatching(/not a web address/) }]);
    expect(await check({ timeZone: 'London' })).toEqual([{ path: 'timeZone', message: expect.stringMatching(/Area\/Location/) }]);
    expect(await check({ baseUrl: '', publicKey: '' })).toEqual([
      { path: 'baseUrl', message: expect.stringMatching(/enter the API base url/) },
      { path: 'publicKey', message: expect.stringMatching(/enter the API public key/) },
    ]);
  });

  it("remember the duplicate guard's last check for the saved address, from a save or a test of that address only", async () => {
    const off = { guard: 'off' as const, field: 'external_reference', detail: 'Duplicate guard off: external_reference is not filterable on complaints (ignored).' };
    const answer: Partial<ConnectionTestResult> = { duplicateGuard: off };
    const s = service(fakeProber(answer).prober);
    expect(s.duplicateGuardOff()).toBeUndefined();
    await s.save(FORM);
    expect(s.duplicateGuardOff()).toBe(off.detail);
    // A test of another address says nothing about the saved one.
    answer.duplicateGuard = { ...off, guard: 'on', detail: 'fine' };
    await s.test({ baseUrl: 'https://other-council.idoxcloud.com/rest', publicKey: 'pub-123', privateKey: 'x', timeZone: 'Europe/London' });
    expect(s.duplicateGuardOff()).toBe(off.detail);
    // A test of the saved address (as typed, with a trailing slash) replaces it.
    await s.test({ baseUrl: 'https://my-council.tascomi.com/rest/', publicKey: 'pub-123', timeZone: 'Europe/London' });
    expect(s.duplicateGuardOff()).toBeUndefined();
    answer.duplicateGuard = off;
    await s.test({ baseUrl: 'https://my-council.tascomi.com/rest', publicKey: 'pub-123', timeZone: 'Europe/London' });
    expect(s.duplicateGuardOff()).toBe(off.detail);
    // Saved at another address, the old check no longer applies.
    answer.duplicateGuard = undefined;
    await s.save({ ...FORM, baseUrl: 'https://my-council.idoxcloud.com/rest' });
    expect(s.duplicateGuardOff()).toBeUndefined();
  });
});
