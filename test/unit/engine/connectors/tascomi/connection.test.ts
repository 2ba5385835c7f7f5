import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../../../../shared/dispatch';
import type { CodeListSummary } from '../../../../../shared/domain/tascomi';
import { NOT_CONFIGURED } from '../../../../../electron/engine/connectors/tascomi/connection';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../../../emulators/tascomi';
import { startTestEngine, type TestEngine } from '../../../../support/engine';
import { DEFAULT_RATE_LIMIT } from '../../../../../shared/domain/rate-limit';

let t: TestEngine;
let emulator: TascomiEmulator;
afterEach(async () => {
  await emulator?.close();
  await t?.dispose();
});

async function setUp() {
  t = startTestEngine();
  emulator = await startTascomiEmulator({ now: () => t.clock.now().toMillis() });
  t.clock.set('2026-06-15T10:00:20.000Z'); // mid-minute
}

const settings = (keys: { publicKey: string; privateKey?: string }) => ({
  enabled: true,
  baseUrl: emulator.baseUrl,
  timeZone: 'Europe/London',
  streetRecordText: 'STREET RECORD',
  codeListTtlSeconds: 600,
  rateLimit: DEFAULT_RATE_LIMIT,
  ...keys,
});

describe("the engine's Tascomi connection", () => {
  it('refuses to refresh code lists until the integration is saved, and says where to do it', async () => {
    await setUp();
    expect(await dispatchCall(t.engine.handlers, 'refreshTascomiCodeLists', {}, t.engine.localCaller)).toEqual({
      ok: false,
      error: { code: 'failed', message: `refreshTascomiCodeLists failed: ${NOT_CONFIGURED}` },
    });
  });

  it('reads every code list on demand, with what each holds, and logs it', async () => {
    await setUp();
    expect((await t.engine.handlers.saveTascomiSettings(settings(DEMO_KEYS))).saved).toBe(true);
    const lists = (await t.engine.handlers.refreshTascomiCodeLists({})) as CodeListSummary[];
    expect(lists.map((l) => l.name)).toEqual([
      'core_functions',
      'complaint_codes',
      'users',
      'organizational_units',
      'reporting_methods',
      'request_categories',
      'titles',
      'complaint_action_required',
    ]);
    for (const list of lists) expect(list.count, list.name).toBe(emulator.records(list.name as 'titles').length);
    // Read in the clock's zone, from the refresh's start; the reads waited their turn (5 a second) on the fake clock.
    expect(lists[0]!.fetchedAt).toMatch(/^2026-06-15T11:00:2\d\.\d{3}\+01:00$/);
    for (const list of lists) expect(Date.parse(list.fetchedAt)).toBeGreaterThanOrEqual(Date.parse('2026-06-15T10:00:20.000Z'));
    for (const list of lists) expect(Date.parse(list.fetchedAt)).toBeLessThanOrEqual(t.clock.millis());
    expect(t.engine.log.recent(1)[0]!.message).toMatch(/^Tascomi code lists refreshed: 6 core functions, \d+ request codes/);
  });

  it('uses the new settings after a save, and keeps the old ones when a save is refused', async () => {
    await setUp();
    await t.engine.handlers.saveTascomiSettings(settings(DEMO_KEYS));
    await t.engine.handlers.refreshTascomiCodeLists({});
    emulator.addKey({ publicKey: 'second-public', privateKey: 'second-private' });

    const refused = await t.engine.handlers.saveTascomiSettings(settings({ publicKey: 'second-public', privateKey: 'wrong' }));
    expect(refused.saved).toBe(false);
    emulator.clearRequestLog();
    await t.engine.handlers.refreshTascomiCodeLists({});
    expect(new Set(emulator.requestLog().map((r) => r.publicKey))).toEqual(new Set([DEMO_KEYS.publicKey]));

    expect((await t.engine.handlers.saveTascomiSettings(settings({ publicKey: 'second-public', privateKey: 'second-private' }))).saved).toBe(true);
    emulator.clearRequestLog();
    await t.engine.handlers.refreshTascomiCodeLists({});
    expect(new Set(emulator.requestLog().map((r) => r.publicKey))).toEqual(new Set(['second-public']));
  });
});
