import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../shared/dispatch';
import type { Case } from '../../../../shared/domain/case';
import type { CodeEntryView } from '../../../../shared/domain/tascomi';
import { TemplateDraftSchema, type EvaluationResult, type TemplateDraftInput } from '../../../../shared/domain/template';
import { listSampleCases, parseSampleCases } from '../../../../electron/engine/mapping/sample-cases';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { DEFAULT_RATE_LIMIT } from '../../../../shared/domain/rate-limit';

let t: TestEngine | undefined;
let emulator: TascomiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  await t?.dispose();
  emulator = t = undefined;
});

const byType = (type: string): Case => {
  const found = listSampleCases().find((c) => c.type === type);
  if (!found) throw new Error(`no ${type} sample`);
  return found;
};

describe('sample cases', () => {
  it('are all valid, with distinct ids, in file name order', () => {
    const cases = listSampleCases();
    expect(cases.map((c) => c.type)).toEqual(['Fly-tipping report', 'Food complaint', 'Housing repair', 'Noise complaint', 'Pest control request']);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('cover what templates map: people, addresses by UPRN or USRN only, fields and dates', () => {
    const fly = byType('Fly-tipping report');
    expect(fly.people[0]).toMatchObject({ role: 'Reporter', reference: expect.any(String), surname: expect.any(String) });
    expect(fly.addresses[0]!.uprn).toMatch(/^\d{12}$/);

    const noise = byType('Noise complaint');
    expect(noise.people[0]!.role).toBe('Requester');
    expect(noise.addresses[0]).toMatchObject({ usrn: expect.stringMatching(/^\d{8}$/) });
    expect(noise.addresses[0]!.uprn).toBeUndefined();

    const food = byType('Food complaint');
    expect(food.addresses[0]).toMatchObject({ role: 'Business premises', uprn: expect.any(String) });
    expect(food.fields.business_name).toBe('The Market Kitchen');

    expect(byType('Pest control request').fields.pest_type).toBe('Rats');
    for (const c of listSampleCases()) expect(Object.keys(c.dates), c.id).toContain('reported');
  });

  it('are handed out as copies', () => {
    listSampleCases()[0]!.fields.description = 'changed';
    expect(listSampleCases()[0]!.fields.description).not.toBe('changed');
  });

  it('an invalid sample is reported with its file and the path of the problem', () => {
    const good = listSampleCases()[0]!;
    const bad = { ...good, id: 'CAS-X', addresses: [{ role: 'Incident location', uprn: 'UPRN-12' }] };
    expect(() => parseSampleCases({ '../../../resources/sample-cases/a.json': good, '../../../resources/sample-cases/broken.json': bad })).toThrow(
      'The sample case broken.json is not valid: addresses.0.uprn: a UPRN is up to 12 digits.',
    );
    expect(() => parseSampleCases({ 'x/a.json': good, 'x/b.json': good })).toThrow(`The sample cases a.json and b.json have the same id ${good.id}.`);
  });
});

const FLY_TIPPING = TemplateDraftSchema.parse({
  name: 'Fly-tipping create',
  connector: 'tascomi',
  type: 'create',
  reference: 'SR number',
  rows: [
    { id: 'core', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'SS' } },
    { id: 'code', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'text', value: 'FLYTIPX' } },
    { id: 'officer', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'pshah' } },
    { id: 'remarks', target: { kind: 'schema', key: 'description' }, source: { kind: 'field', field: 'description' } },
    { id: 'surname', target: { kind: 'schema', key: 'requester.surname' }, source: { kind: 'person', role: 'Reporter', detail: 'surname' } },
  ],
} satisfies TemplateDraftInput);

describe('designer calls', () => {
  const connect = async () => {
    t = startTestEngine();
    emulator = await startTascomiEmulator({ now: () => t!.clock.now().toMillis() });
    t.clock.set('2026-06-15T10:00:20.000Z'); // mid-minute
    const saved = await t.engine.handlers.saveTascomiSettings({
      enabled: true,
      baseUrl: emulator.baseUrl,
      timeZone: 'Europe/London',
      streetRecordText: 'STREET RECORD',
      codeListTtlSeconds: 600,
      rateLimit: DEFAULT_RATE_LIMIT,
      ...DEMO_KEYS,
    });
    expect(saved.saved).toBe(true);
    return t.engine.handlers;
  };

  it('listSampleCases answers the samples', async () => {
    t = startTestEngine();
    expect(await dispatchCall(t.engine.handlers, 'listSampleCases', {}, t.engine.localCaller)).toEqual({ ok: true, value: listSampleCases() });
  });

  it('previewTemplate evaluates a sample without Tascomi, skipping code checks', async () => {
    t = startTestEngine();
    const result = await dispatchCall(t.engine.handlers, 'previewTemplate', { draft: FLY_TIPPING, case: byType('Fly-tipping report') }, t.engine.localCaller);
    expect(result).toMatchObject({ ok: true, value: { payload: { core_function: 'SS', request_code: 'FLYTIPX', 'requester.surname': 'Ellison' }, problems: [] } });
  });

  it('previewTemplate checks codes against Tascomi when it answers, and skips them when it does not', async () => {
    const h = await connect();
    const kase = byType('Fly-tipping report');
    const checked = (await h.previewTemplate({ draft: FLY_TIPPING, case: kase })) as EvaluationResult;
    expect(checked.problems).toEqual([expect.objectContaining({ rowId: 'code', target: 'request_code', message: expect.stringContaining('FLYTIPX') })]);

    await emulator!.close();
    emulator = undefined;
    t!.clock.advance(3600_000); // the cached lists have expired: they would have to be read again
    const unchecked = (await h.previewTemplate({ draft: FLY_TIPPING, case: kase })) as EvaluationResult;
    expect(unchecked.problems).toEqual([]);
    expect(unchecked.payload.request_code).toBe('FLYTIPX');
  });

  it('getTascomiCodeList answers entries as the console sees them, and says when Tascomi is not set up', async () => {
    t = startTestEngine();
    expect(await dispatchCall(t.engine.handlers, 'getTascomiCodeList', { list: 'titles' }, t.engine.localCaller)).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(await dispatchCall(t.engine.handlers, 'getTascomiCodeList', { list: 'cats' }, t.engine.localCaller)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'list' }] },
    });
    await t.dispose();

    const h = await connect();
    const titles = (await h.getTascomiCodeList({ list: 'titles' })) as CodeEntryView[];
    expect(titles[0]).toEqual({ id: '1', code: 'MR', label: 'Mr', active: true });
    const users = (await h.getTascomiCodeList({ list: 'users' })) as CodeEntryView[];
    expect(users.find((u) => u.code === 'rgreen')).toEqual({ id: expect.any(String), code: 'rgreen', label: 'Robert Green', active: false, inactive: 'disabled' });
    // Not only users: a disabled entry of any list comes to the pickers as not in use, saying why.
    expect(titles.find((t) => t.code === 'REVD')).toEqual({ id: '7', code: 'REVD', label: 'Reverend (disabled)', active: false, inactive: 'disabled' });
  });
});
