/**
 * Demo mode's engine side against the in-process Tascomi emulator, on a fake clock: it sets the
 * engine up through the contract (once, however often it restarts), and its cases make jobs that
 * succeed, retry and fail validation as a newcomer should see them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../shared/domain/log-entry';
import { seedDemo, startDemo, startFeeder, type DemoDeps, type DemoSettings } from '../../../electron/demo/demo';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../emulators/tascomi';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { settlesWithin } from '../../support/hang-guard';
import { removeDataDir } from '../../support/host-process';
import { manualClock } from '../../support/manual-clock';
import { DEFAULT_RATE_LIMIT } from '../../../shared/domain/rate-limit';

let t: TestEngine | undefined;
let emulator: TascomiEmulator | undefined;
const extraDirs: string[] = [];
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  await emulator?.close();
  emulator = undefined;
  extraDirs.splice(0).forEach(removeDataDir);
});

async function setUp(dataDir?: string): Promise<{ t: TestEngine; deps: DemoDeps; settings: DemoSettings; log: LogEntry[] }> {
  t = startTestEngine(dataDir ? { dataDir } : {});
  // Away from a minute boundary: casebridge waits out the last seconds of a minute before signing.
  t.clock.set('2026-06-15T10:00:20.000Z');
  const clock = t.clock;
  emulator ??= await startTascomiEmulator({ now: () => clock.now().toMillis() });
  const log: LogEntry[] = [];
  t.engine.on('log', (entry) => log.push(entry));
  return {
    t,
    deps: { handlers: t.engine.handlers, intake: t.engine.intake, log: t.engine.log, clock: t.clock },
    settings: { tascomiUrl: emulator.baseUrl, ...DEMO_KEYS, intervalMs: 4_000 },
    log,
  };
}

describe('seeding the demo', () => {
  it('saves and verifies the connection, and adds the reference, templates and rules', async () => {
    const { t, deps, settings, log } = await setUp();
    const report = await seedDemo(deps, settings);

    const saved = await t.engine.handlers.getTascomiSettings({});
    expect(saved).toMatchObject({ enabled: true, baseUrl: emulator!.baseUrl, publicKey: DEMO_KEYS.publicKey, privateKeySet: true });
    expect(log.some((e) => e.message.includes(`the connection to ${emulator!.baseUrl} was verified`))).toBe(true);
    expect((await t.engine.handlers.listReferences({})).map((r) => r.name)).toContain('SR number');

    const templates = await t.engine.handlers.listTemplates({});
    expect(templates.map((x) => x.name).sort()).toEqual([
      'Demo: Service Request number back',
      'Demo: fly-tipping report to Tascomi',
      'Demo: food complaint to Tascomi',
      'Demo: noise complaint to Tascomi',
      'Demo: pest control request to Tascomi',
    ]);
    expect(report.templates.every((x) => x.imported)).toBe(true);
    const rules = await t.engine.handlers.listRules({});
    expect(rules.map((r) => [r.caseType, templates.find((x) => x.id === r.templateId)?.name, r.enabled])).toEqual(
      expect.arrayContaining([
        ['Fly-tipping report', 'Demo: fly-tipping report to Tascomi', true],
        ['Food complaint', 'Demo: food complaint to Tascomi', true],
        ['Noise complaint', 'Demo: noise complaint to Tascomi', true],
        ['Pest control request', 'Demo: pest control request to Tascomi', true],
      ]),
    );
    expect(rules).toHaveLength(4);
    // The console's Log page says that this is a demo, and against what.
    expect(log.some((e) => e.source === 'demo' && e.message.startsWith('Demo mode:') && e.message.includes(emulator!.baseUrl))).toBe(true);
  });

  it('run again (a restart), adds nothing and keeps what the person changed', async () => {
    const { t, deps, settings } = await setUp();
    await seedDemo(deps, settings);
    const fly = (await t.engine.handlers.listTemplates({})).find((x) => x.name === 'Demo: fly-tipping report to Tascomi')!;
    await t.engine.handlers.setRuleEnabled({ id: (await t.engine.handlers.listRules({}))[0]!.id, enabled: false });

    const again = await seedDemo(deps, settings);
    expect(again.templates.some((x) => x.imported)).toBe(false);
    expect(again.rules.some((r) => r.created)).toBe(false);
    expect(await t.engine.handlers.listTemplates({})).toHaveLength(5);
    expect(await t.engine.handlers.listRules({})).toHaveLength(4);
    expect((await t.engine.handlers.listRules({}))[0]!.enabled).toBe(false);
    expect((await t.engine.handlers.listTemplates({})).find((x) => x.id === fly.id)!.version).toBe(1);
    expect((await t.engine.handlers.listReferences({})).filter((r) => r.name === 'SR number')).toHaveLength(1);
  });

  it('tries the connection check again while the emulator fails it, and gives up with the reason', async () => {
    const { t, deps, settings, log } = await setUp();
    emulator!.setFaults({ errorRate: 1 });
    // Tascomi recovers after the demo's first "trying again".
    const off = t.engine.on('log', (e) => e.message.startsWith('Demo: the emulator failed the connection check') && emulator!.clearFaults());
    await seedDemo(deps, settings);
    off();
    expect(log.filter((e) => e.message.startsWith('Tascomi settings were not saved'))).toHaveLength(1);
    expect(t.clock.sleeps).toContain(2_000);
    expect((await t.engine.handlers.getTascomiSettings({})).enabled).toBe(true);

    emulator!.setFaults({ errorRate: 1 });
    await expect(seedDemo(deps, settings)).rejects.toThrow(`The Tascomi emulator at ${emulator!.baseUrl} could not be verified in 6 tries`);
  });

  it('refuses a data folder that holds the connection to a real Tascomi, and leaves it as it was', async () => {
    const { t, deps, settings } = await setUp();
    const real = {
      enabled: false,
      baseUrl: 'https://northbridge.tascomi.com/rest',
      publicKey: 'real-key',
      timeZone: 'Europe/London',
      streetRecordText: 'STREET RECORD',
      codeListTtlSeconds: 3600,
      rateLimit: DEFAULT_RATE_LIMIT,
    };
    expect((await t.engine.handlers.saveTascomiSettings(real)).saved).toBe(true);
    await expect(seedDemo(deps, settings)).rejects.toThrow(/holds the connection to a real Tascomi \(northbridge\.tascomi\.com\)/);
    expect(await t.engine.handlers.getTascomiSettings({})).toMatchObject({ baseUrl: real.baseUrl, publicKey: 'real-key' });
    expect(await t.engine.handlers.listTemplates({})).toHaveLength(0);
  });
});

describe('feeding cases', () => {
  it('makes jobs that succeed, are retried, and fail validation without a retry', async () => {
    const { t, deps, settings, log } = await setUp();
    await seedDemo(deps, settings);
    // The launcher's knobs (scripts/demo-emulator.mjs), less the latency a fake clock does not need.
    emulator!.setFaults({ errorRate: 0.2, dropRate: 0.03, dropAfterCommitRate: 0.03 });
    const feeder = await startFeeder(deps, { intervalMs: 4_000, maxCases: 10 });
    await feeder.finished;
    expect(feeder.fed()).toEqual(Array.from({ length: 10 }, (_, i) => `DEMO-${i + 1}`));
    expect(t.clock.sleeps.filter((ms) => ms === 4_000)).toHaveLength(9);
    await t.engine.jobs.runUntilIdle();

    const jobs = feeder.fed().map((id) => ({ id, jobs: t.engine.jobs.queue.byCase(id) }));
    expect(jobs.every((c) => c.jobs.length === 1)).toBe(true);
    const job = (id: string) => jobs.find((c) => c.id === id)!.jobs[0]!;
    // The 3rd and 8th cases were "reported by Social media": refused before sending, once.
    for (const id of ['DEMO-3', 'DEMO-8']) {
      expect(job(id)).toMatchObject({ state: 'failed', lastErrorClass: 'validation' });
      expect(job(id).lastError).toContain('Social media');
      expect(emulator!.records('complaints').filter((r) => r.external_reference === id)).toHaveLength(0);
    }
    const others = feeder.fed().filter((id) => id !== 'DEMO-3' && id !== 'DEMO-8');
    for (const id of others) {
      expect(job(id).state, id).toBe('succeeded');
      expect(
        emulator!.records('complaints').filter((r) => r.external_reference === id),
        id,
      ).toHaveLength(1);
    }
    expect(others.some((id) => job(id).attempts > 1)).toBe(true);

    const outcomes = (outcome: string) => log.filter((e) => e.outcome === outcome);
    expect(outcomes('succeeded')).toHaveLength(8);
    expect(outcomes('will_retry').length).toBeGreaterThan(0);
    expect(
      outcomes('failed')
        .map((e) => e.caseId)
        .sort(),
    ).toEqual(['DEMO-3', 'DEMO-8']);
    expect(outcomes('failed').every((e) => e.message.includes('[validation]'))).toBe(true);
    expect(log.some((e) => e.caseId === 'DEMO-3' && e.message.includes('expect a validation failure'))).toBe(true);
  });

  it('numbers on after a restart, so no case is taken for one already sent', async () => {
    const first = await setUp();
    await startDemo(first.deps, { ...first.settings, maxCases: 2 }).then((demo) => demo.feeder.finished);
    const dataDir = first.t.dataDir;
    await first.t.engine.close(); // the same folder is opened again below
    extraDirs.push(dataDir);

    const second = await setUp(dataDir);
    const demo = await startDemo(second.deps, { ...second.settings, maxCases: 2 });
    await demo.feeder.finished;
    expect(demo.feeder.fed()).toEqual(['DEMO-3', 'DEMO-4']);
    expect(demo.seeded.templates.some((x) => x.imported)).toBe(false);
    expect(second.t.engine.jobs.queue.byCase('DEMO-3')).toHaveLength(1);
  });

  it('stops in its wait between two cases without the wait passing', async () => {
    const { deps } = await setUp();
    const clock = manualClock();
    const feeder = await startFeeder({ ...deps, clock }, { intervalMs: 4_000 });
    expect(feeder.fed()).toEqual(['DEMO-1']);
    await settlesWithin(clock.sleeping(4_000), 'the feeder waiting for its next case');
    feeder.stop();
    await settlesWithin(feeder.finished, 'the feeder after stop()');
    expect(clock.waiting()).toEqual([]);
    expect(feeder.fed()).toEqual(['DEMO-1']);
  });

  it('stops when asked, and when the engine closes under it', async () => {
    const { t, deps } = await setUp();
    // A clock whose sleeps end only when the test says so.
    const waking: (() => void)[] = [];
    const clock = { ...t.clock, sleep: () => new Promise<void>((wake) => waking.push(wake)) };

    const asked = await startFeeder({ ...deps, clock });
    expect(asked.fed()).toEqual(['DEMO-1']);
    asked.stop();
    waking.shift()!();
    await asked.finished;
    expect(asked.fed()).toEqual(['DEMO-1']);

    const closing = await startFeeder({ ...deps, clock });
    expect(closing.fed()).toEqual(['DEMO-2']);
    await t.engine.close();
    waking.shift()!();
    await closing.finished; // settles, without an unhandled error
    expect(closing.fed()).toEqual(['DEMO-2']);
  });
});
