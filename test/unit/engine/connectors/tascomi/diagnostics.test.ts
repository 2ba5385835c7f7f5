import { afterEach, describe, expect, it } from 'vitest';
import { checkApiAccess, createTascomiDiagnostics, testConnection, type DiagnosticsDeps } from '../../../../../electron/engine/connectors/tascomi/diagnostics';
import { TASCOMI_REQUIRED_ACCESS } from '../../../../../shared/connectors/tascomi-schema';
import { DEMO_KEYS, startHarness, type Harness } from './harness';
import { closedPort, startLocalServer, type LocalServer } from '../../../../support/local-server';

let h: Harness | undefined;
let local: LocalServer | undefined;
afterEach(async () => {
  await h?.close();
  await local?.close();
  h = undefined;
  local = undefined;
});

const deps = (extra: Partial<DiagnosticsDeps> = {}): DiagnosticsDeps => ({ clock: h!.clock, proxyEnv: {}, ...extra });
const settings = (baseUrl: string, privateKey = DEMO_KEYS.privateKey) => ({ baseUrl, publicKey: DEMO_KEYS.publicKey, privateKey, timeZone: 'Europe/London' });
const stepsOf = (r: { steps: { step: string; ok: boolean }[] }) => r.steps.map((s) => `${s.step}:${s.ok ? 'ok' : 'FAIL'}`);

describe('testConnection', () => {
  it('passes every step against a healthy instance and reports the clock offset', async () => {
    h = await startHarness();
    const result = await testConnection(settings(h.emulator.baseUrl), deps());
    expect(stepsOf(result)).toEqual(['url:ok', 'reach:ok', 'authenticate:ok', 'clock:ok', 'case_reference:ok']);
    expect(result.ok).toBe(true);
    expect(result.duplicateGuard).toMatchObject({ guard: 'on', field: 'external_reference' });
    expect(result.steps.some((s) => s.warning)).toBe(false);
    expect(Math.abs(result.clockOffsetMs!)).toBeLessThanOrEqual(1_000);
    expect(result.reason).toBeUndefined();
    expect(result.steps.every((s) => s.label.length > 0 && s.detail.length > 0)).toBe(true);
  });

  it('a council moved to Idox Cloud: the reach step names the new base URL to save, and sends nothing there', async () => {
    h = await startHarness(); // for its clock
    local = await startLocalServer((_req, res) => {
      res.writeHead(308, { Location: 'https://northbridge.idoxcloud.com/rest/v1/core_functions' });
      res.end();
    });
    const result = await testConnection(settings(local.baseUrl), deps());
    expect(stepsOf(result)).toEqual(['url:ok', 'reach:FAIL']);
    expect(result.reason).toMatch(/^Tascomi moved this council to https:\/\/northbridge\.idoxcloud\.com\/rest: save that as the API base url/);
    expect(local.requests).toHaveLength(1);
  });

  it('stops at the address: a /v1 suffix, missing keys', async () => {
    h = await startHarness();
    const v1 = await testConnection(settings(`${h.emulator.baseUrl}/v1`), deps());
    expect(stepsOf(v1)).toEqual(['url:FAIL']);
    expect(v1.reason).toMatch(/Remove "\/v1"/);
    const noKey = await testConnection(settings(h.emulator.baseUrl, ''), deps());
    expect(stepsOf(noKey)).toEqual(['url:FAIL']);
    expect(noKey.reason).toMatch(/private key is empty/);
    expect(h.emulator.requestLog()).toHaveLength(0);
  });

  it('stops at reach when nothing listens, or nothing answers in time', async () => {
    h = await startHarness();
    const refused = await testConnection(settings(`http://127.0.0.1:${await closedPort()}/rest`), deps());
    expect(stepsOf(refused)).toEqual(['url:ok', 'reach:FAIL']);
    expect(refused.reason).toMatch(/refused/);
    local = await startLocalServer(() => {
      /* never answers */
    });
    const silent = await testConnection(settings(local.baseUrl), deps({ timeoutMs: 200 }));
    expect(stepsOf(silent)).toEqual(['url:ok', 'reach:FAIL']);
    expect(silent.reason).toMatch(/did not answer in time/);
  });

  it('stops at reach when the address answers but is not the API', async () => {
    h = await startHarness();
    const wrongPath = h.emulator.baseUrl.replace(/\/rest$/, '/api');
    const result = await testConnection(settings(wrongPath), deps());
    expect(stepsOf(result)).toEqual(['url:ok', 'reach:FAIL']);
    expect(result.reason).toMatch(/no Tascomi API at .*\/api\/v1\/ \(HTTP 404\).*\/rest/);
  });

  it('stops at authenticate with wrong keys', async () => {
    h = await startHarness();
    const result = await testConnection(settings(h.emulator.baseUrl, 'wrong'), deps());
    expect(stepsOf(result)).toEqual(['url:ok', 'reach:ok', 'authenticate:FAIL']);
    expect(result.reason).toMatch(/refused the API keys/);
  });

  it('fails the clock step when the clocks differ by more than 30 s, and says by how much', async () => {
    h = await startHarness({ emulator: { faults: { clockOffsetMs: 40_000 } } });
    const result = await testConnection(settings(h.emulator.baseUrl), deps());
    expect(stepsOf(result)).toEqual(['url:ok', 'reach:ok', 'authenticate:ok', 'clock:FAIL']);
    expect(Math.abs(result.clockOffsetMs! - 40_000)).toBeLessThanOrEqual(1_000);
    expect(result.reason).toMatch(/Tascomi's clock is (39|40)\.\d s ahead of this computer's/);
    // A smaller difference passes (it is corrected for when signing).
    h.emulator.setFaults({ clockOffsetMs: -20_000 });
    const ok = await testConnection(settings(h.emulator.baseUrl), deps());
    expect(ok.ok).toBe(true);
    expect(ok.steps.find((s) => s.step === 'clock')!.detail).toMatch(/behind/);
  });

  it('warns, without failing the test, that the duplicate guard is off when Tascomi ignores a filter on the case reference field', async () => {
    h = await startHarness({ emulator: { absentColumns: { complaints: ['external_reference'] } } });
    const result = await testConnection(settings(h.emulator.baseUrl), deps());
    expect(result.ok).toBe(true);
    expect(result.duplicateGuard).toMatchObject({ guard: 'off', field: 'external_reference' });
    const step = result.steps.find((s) => s.step === 'case_reference')!;
    expect(step).toMatchObject({ ok: true, warning: true });
    expect(step.detail).toMatch(/^Duplicate guard off: external_reference is not filterable on complaints \(Tascomi ignored a filter on it and answered \d+ record\(s\)/);
    expect(step.detail).toMatch(/outcome unknown/);
  });

  it('checks the configured case reference field, and says when the field is already seen on a record', async () => {
    h = await startHarness({ emulator: { extraColumns: { complaints: ['crm_case_ref'] } } }); // an instance with the council's own column
    h.emulator.insert('complaints', { remarks: 'made by casebridge', crm_case_ref: 'CASE-1' });
    const seen = await testConnection(settings(h.emulator.baseUrl), deps({ caseReferenceField: 'crm_case_ref' }));
    expect(seen.duplicateGuard).toMatchObject({ guard: 'on', field: 'crm_case_ref', detail: expect.stringMatching(/crm_case_ref exists and is filterable/) });
    // Tascomi answers every column (null when empty), so only an instance with no Service Requests yet shows none.
    expect((await testConnection(settings(h.emulator.baseUrl), deps())).duplicateGuard!.detail).toMatch(/external_reference exists and is filterable/);
    await h.close();
    h = await startHarness({ emulator: { empty: true } });
    const notYet = await testConnection(settings(h.emulator.baseUrl), deps());
    expect(notYet.duplicateGuard!.detail).toMatch(/no Service Request exists yet to show the column/);
  });

  it('says the guard could not be checked (not off) when the key cannot view complaints', async () => {
    h = await startHarness();
    h.emulator.setKeyPermissions(DEMO_KEYS.publicKey, { core_functions: { view: true, write: false } });
    const result = await testConnection(settings(h.emulator.baseUrl), deps());
    expect(result.ok).toBe(true);
    expect(result.duplicateGuard).toMatchObject({ guard: 'unknown', detail: expect.stringMatching(/could not be checked/) });
    expect(result.steps.at(-1)).toMatchObject({ step: 'case_reference', ok: true, warning: true });
  });

  it('authenticates even when the key cannot view the probe table, pointing at the access check', async () => {
    h = await startHarness();
    h.emulator.setKeyPermissions(DEMO_KEYS.publicKey, { complaints: { view: true, write: true } });
    const result = await testConnection(settings(h.emulator.baseUrl), deps());
    expect(result.ok).toBe(true);
    expect(result.steps.find((s) => s.step === 'authenticate')!.detail).toMatch(/API access check/);
  });
});

describe('checkApiAccess', () => {
  it('a full key: View everywhere, Create & Update where needed, nothing lacking', async () => {
    h = await startHarness();
    const result = await checkApiAccess(h.client);
    expect(result.ok).toBe(true);
    expect(result.rows.map((r) => r.table)).toEqual(TASCOMI_REQUIRED_ACCESS.map((a) => a.table));
    for (const row of result.rows) {
      expect(row.view).toBe(true);
      expect(row.createUpdate).toBe(row.required.createUpdate ? true : null);
      expect(row.lacking).toBe(false);
      // A listing that answered is seen; the write probe's reading is ours.
      expect(row.viewBasis).toEqual({ known: 'confirmed', how: `Tascomi listed page 1 of ${row.table}.` });
      if (row.required.createUpdate)
        expect(row.createUpdateBasis).toMatchObject({ known: 'inferred', how: expect.stringMatching(/write probe .* was not refused with 403; .*our reading, not documented/) });
      else expect(row.createUpdateBasis).toBeUndefined();
    }
    expect(result.reason).toBeUndefined();
    expect(result.inference).toBe(
      'Create & Update on complaints, Create & Update on contacts are inferred from answers no public Tascomi documentation describes, not seen. Start "Confirm write access" to create, update and read back one marked record in each table the integration writes.',
    );
    // The write probe changed nothing.
    expect(
      h.emulator
        .requestLog()
        .filter((e) => e.method === 'POST')
        .map((e) => e.path),
    ).toEqual(['/rest/v1/complaints/0', '/rest/v1/contacts/0']);
  });

  it('marks exactly what a restricted key lacks', async () => {
    h = await startHarness();
    const perms = Object.fromEntries(TASCOMI_REQUIRED_ACCESS.map((a) => [a.table, { view: true, write: false }]));
    h.emulator.setKeyPermissions(DEMO_KEYS.publicKey, {
      ...perms,
      complaints: { view: true, write: false },
      contacts: { view: false, write: true },
      titles: { view: false, write: false },
    });
    const result = await checkApiAccess(h.client);
    expect(result.ok).toBe(false);
    const row = (t: string) => result.rows.find((r) => r.table === t)!;
    expect(row('complaints')).toMatchObject({ view: true, createUpdate: false, lacking: true });
    expect(row('contacts')).toMatchObject({ view: false, createUpdate: true, lacking: true });
    expect(row('titles')).toMatchObject({ view: false, createUpdate: null, lacking: true });
    expect(row('users')).toMatchObject({ view: true, createUpdate: null, lacking: false });
    expect(result.reason).toMatch(/complaints \(Create & Update, inferred\), contacts \(View, inferred\), titles \(View, inferred\)/);
    expect(row('complaints').createUpdateBasis).toMatchObject({ known: 'inferred', how: expect.stringMatching(/was refused with 403/) });
    expect(row('contacts').viewBasis).toMatchObject({
      known: 'inferred',
      how: expect.stringMatching(/^Tascomi answered 403 to listing contacts \(.+\); that this means no View permission is our reading/),
    });
    expect(row('users').viewBasis).toMatchObject({ known: 'confirmed' });
    expect(result.inference).toMatch(/^Create & Update on complaints, View on contacts, Create & Update on contacts, View on titles are inferred/);
  });

  it('wrong keys: says so once and leaves the rest unchecked', async () => {
    h = await startHarness();
    const result = await checkApiAccess(h.makeClient({ privateKey: 'wrong' }));
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/refused the API keys/);
    expect(result.rows.every((r) => r.view === null && r.lacking === false && !r.viewBasis && !r.createUpdateBasis)).toBe(true);
    expect(result.inference).toBeUndefined();
    expect(h.emulator.requestLog()).toHaveLength(2); // one request, re-signed once
  });

  it('bound to its dependencies, takes settings as the settings service passes them', async () => {
    h = await startHarness();
    const prober = createTascomiDiagnostics(deps());
    expect((await prober.testConnection(settings(`${h.emulator.baseUrl}/`))).ok).toBe(true);
    expect((await prober.checkAccess(settings(h.emulator.baseUrl))).ok).toBe(true);
    const bad = await prober.checkAccess(settings(`${h.emulator.baseUrl}/v1/`));
    expect(bad).toMatchObject({ ok: false, rows: [] });
    expect(bad.reason).toMatch(/Remove "\/v1"/);
  });
});
