/**
 * The Civica Cx settings through the engine's calls, against the emulator: verify before save,
 * the password only in the secret store (blank = keep), the company list with the form's values or
 * the saved ones, Test API step by step, the allowlist pointer, and the Network page's diagnosis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../../shared/contract';
import { dispatchCall } from '../../../../../shared/dispatch';
import type { CivicaCxSettingsInput, CivicaCxSettingsView, CxCompaniesResult, CxConnectionTestResult, SaveCivicaCxResult } from '../../../../../shared/domain/civica-cx';
import type { Diagnosis } from '../../../../../shared/domain/network';
import { CX_PASSWORD_SECRET } from '../../../../../electron/engine/connectors/civica-cx/settings-service';
import { DEMO_USER, NO_API_USER, startCivicaCxEmulator, type CivicaCxEmulator } from '../../../../emulators/civica-cx';
import { startTestEngine, type TestEngine } from '../../../../support/engine';

let t: TestEngine | undefined;
let emu: CivicaCxEmulator | undefined;
afterEach(async () => {
  await t?.dispose();
  await emu?.close();
  t = emu = undefined;
});

const call = async (name: CallName, input?: unknown) => (await dispatchCall(t!.engine.handlers, name, input, t!.engine.localCaller)) as CallResult<any>;
const value = async <T = any>(name: CallName, input?: unknown): Promise<T> => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value as T;
};

async function start() {
  t = startTestEngine();
  emu = await startCivicaCxEmulator({ now: () => t!.clock.millis() });
}

const form = (overrides: Partial<CivicaCxSettingsInput> = {}): CivicaCxSettingsInput => ({
  enabled: true,
  baseUrl: `${emu!.baseUrl}/`,
  username: DEMO_USER.username,
  password: DEMO_USER.password,
  companyCode: '',
  repairsStartDate: '',
  repairCancellation: true,
  cancellationNoticeDays: 0,
  refreshMinutes: 15,
  ...overrides,
});

describe('Civica Cx settings', () => {
  it('start disabled with the seed defaults: cancellation on, 0 days notice, 15 minute refresh', async () => {
    await start();
    expect(await value<CivicaCxSettingsView>('getCivicaCxSettings')).toEqual({
      enabled: false,
      baseUrl: '',
      username: '',
      companyCode: '',
      repairsStartDate: '',
      repairCancellation: true,
      cancellationNoticeDays: 0,
      refreshMinutes: 15,
      rateLimit: { requestsPerSecond: 5, maxConcurrent: 3 },
      passwordSet: false,
    });
  });

  it('a wrong password is refused and nothing is saved', async () => {
    await start();
    const result = await value<SaveCivicaCxResult>('saveCivicaCxSettings', form({ password: 'wrong' }));
    expect(result.saved).toBe(false);
    expect(result.test!.reason).toMatch(/refused the username or password/);
    expect(result.test!.steps.map((s) => `${s.step}:${s.ok}`)).toEqual(['url:true', 'signIn:false']);
    expect(result.settings).toMatchObject({ enabled: false, baseUrl: '', passwordSet: false });
  });

  it('saves after verification, keeps the password as a secret only, and a blank password keeps it', async () => {
    await start();
    const saved = await value<SaveCivicaCxResult>('saveCivicaCxSettings', form());
    expect(saved.saved).toBe(true);
    expect(saved.settings).toMatchObject({ enabled: true, baseUrl: emu!.baseUrl, passwordSet: true });
    expect(JSON.stringify(saved)).not.toContain(DEMO_USER.password);
    expect(await t!.engine.secrets.get(CX_PASSWORD_SECRET)).toBe(DEMO_USER.password);

    // The companies are offered with the saved values; the admin picks one and saves with a blank password.
    const listed = await value<CxCompaniesResult>('listCivicaCxCompanies', {});
    expect(listed.ok).toBe(true);
    expect(listed.companies.map((c) => c.companyCode)).toEqual(expect.arrayContaining(['NBH', 'NBL', 'TRN']));
    const again = await value<SaveCivicaCxResult>(
      'saveCivicaCxSettings',
      form({ password: undefined, companyCode: 'NBH', repairsStartDate: '2025-04-01', cancellationNoticeDays: 2, refreshMinutes: 30, repairCancellation: false }),
    );
    expect(again.saved).toBe(true);
    expect(again.test!.steps.map((s) => s.step)).toEqual(['url', 'signIn', 'companies', 'company']);
    expect(again.settings).toMatchObject({
      companyCode: 'NBH',
      repairsStartDate: '2025-04-01',
      cancellationNoticeDays: 2,
      refreshMinutes: 30,
      repairCancellation: false,
      passwordSet: true,
    });
    expect(await t!.engine.secrets.get(CX_PASSWORD_SECRET)).toBe(DEMO_USER.password);
    expect(
      t!.engine.log
        .recent(5)
        .map((e) => e.message)
        .join('\n'),
    ).toMatch(/repairs start date \(2025-04-01\) applies from each customer's next refresh/);
  });

  it('Test API runs with the form values, each step timed', async () => {
    await start();
    const result = await value<CxConnectionTestResult>('testCivicaCxConnection', {
      baseUrl: emu!.baseUrl,
      username: DEMO_USER.username,
      password: DEMO_USER.password,
      companyCode: 'NBL',
    });
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.step)).toEqual(['url', 'signIn', 'companies', 'company']);
    expect(result.steps.every((s) => typeof s.ms === 'number')).toBe(true);
    expect(result.steps.at(-1)!.detail).toMatch(/Northbridge Leasehold Services \(NBL\) answers/);
  });

  it('Test API says what failed: a user without API permission, a company not offered', async () => {
    await start();
    const noApi = await value<CxConnectionTestResult>('testCivicaCxConnection', { baseUrl: emu!.baseUrl, ...NO_API_USER });
    expect(noApi.ok).toBe(false);
    expect(noApi.reason).toMatch(/does not have API permission/);
    expect(noApi.allowlist).toBeUndefined();
    const badCompany = await value<CxConnectionTestResult>('testCivicaCxConnection', { baseUrl: emu!.baseUrl, ...DEMO_USER, companyCode: 'ZZZ' });
    expect(badCompany.ok).toBe(false);
    expect(badCompany.steps.at(-1)!.step).toBe('company');
    expect(badCompany.reason).toMatch(/not among the companies/);
  });

  it('the allowlist refusal is named and points to the Network page', async () => {
    await start();
    emu!.setAllowlist(['10.0.0.0/8']);
    const result = await value<CxConnectionTestResult>('testCivicaCxConnection', { baseUrl: emu!.baseUrl, ...DEMO_USER });
    expect(result).toMatchObject({ ok: false, allowlist: true });
    expect(result.reason).toMatch(/IP allowlist.*Network page/);
    const companies = await value<CxCompaniesResult>('listCivicaCxCompanies', { baseUrl: emu!.baseUrl, ...DEMO_USER });
    expect(companies).toMatchObject({ ok: false, companies: [], allowlist: true });
  });

  it('without a password the probe says so', async () => {
    await start();
    const result = await value<CxConnectionTestResult>('testCivicaCxConnection', { baseUrl: emu!.baseUrl, username: DEMO_USER.username });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/There is no password/);
  });

  it('refuses bad values with field errors', async () => {
    await start();
    const result = await call(
      'saveCivicaCxSettings',
      form({ baseUrl: 'https://cx.council.example/api/v1', repairsStartDate: '01/04/2025', refreshMinutes: 0, cancellationNoticeDays: -1 }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = (result.error.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['baseUrl', 'repairsStartDate', 'refreshMinutes', 'cancellationNoticeDays']));
  });

  it('the Network page lists and diagnoses the Cx connection, and explains the allowlist', async () => {
    await start();
    expect((await value('getNetworkInfo')).connections.map((c: { connector: string }) => c.connector)).toEqual(['tascomi']);
    await value('saveCivicaCxSettings', form({ companyCode: 'NBH' }));
    const info = await value('getNetworkInfo');
    expect(info.connections.map((c: { connector: string }) => c.connector)).toEqual(['tascomi', 'civica-cx']);
    const ok = await value<Diagnosis>('diagnoseConnection', { connector: 'civica-cx' });
    expect(ok.ok).toBe(true);
    expect(ok.steps.find((s) => s.name === 'http')!.detail).toMatch(/asks for a sign-in \(HTTP 401\)/);
    expect(ok.steps.find((s) => s.name === 'authenticate')!.status).toBe('ok');
    emu!.setAllowlist(['10.0.0.0/8']);
    const refused = await value<Diagnosis>('diagnoseConnection', { connector: 'civica-cx' });
    expect(refused.ok).toBe(false);
    const failed = refused.steps.find((s) => s.status === 'failed')!;
    expect(failed.name).toBe('http');
    expect(failed.advice).toMatch(/IP allowlist/);
  });

  it('diagnosing Cx before it is set up is refused with the reason', async () => {
    await start();
    const result = await call('diagnoseConnection', { connector: 'civica-cx' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/Civica Cx is not set up/);
  });
});
