/**
 * The connections' rate limiters: one per connector and origin, shared by every caller, the saved
 * limit applied in place, what the queue status shows while something is held or paused, and the
 * log told once when holding begins and once when a 429 pause begins; and in a whole engine against
 * the Tascomi emulator: jobs, the two-way sync and code lists sharing one limit, the queue status
 * saying what is held, and a stop ending every wait.
 */
import { afterEach, describe, expect, it } from 'vitest';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import type { NewLogEntry } from '../../../../shared/domain/log-entry';
import { DEFAULT_RATE_LIMIT, type RateLimit } from '../../../../shared/domain/rate-limit';
import type { Template } from '../../../../shared/domain/template';
import { createRateLimits } from '../../../../electron/engine/connectors/rate-limits';
import { startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { tascomiSettingsFor } from '../../../support/connector-settings';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { settlesWithin } from '../../../support/hang-guard';
import { manualClock } from '../../../support/manual-clock';
import { flyTippingCreateDraft } from '../../../support/fly-tipping-template';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function limits() {
  const clock = manualClock('2026-06-15T09:00:00Z');
  const entries: NewLogEntry[] = [];
  return { clock, entries, rateLimits: createRateLimits({ clock, log: { write: (entry) => void entries.push(entry) } }) };
}

describe('createRateLimits', () => {
  it('gives every caller of one connector and origin the same limiter, and other connections their own', () => {
    const { rateLimits } = limits();
    const jobs = rateLimits.limiterFor('tascomi', 'https://council.tascomi.com/rest/', { requestsPerSecond: 2, maxConcurrent: 1 });
    const diagnostics = rateLimits.limiterFor('tascomi', 'https://council.tascomi.com');
    expect(diagnostics).toBe(jobs);
    expect(diagnostics.limit()).toEqual({ requestsPerSecond: 2, maxConcurrent: 1 }); // a diagnostic uses the saved limit, never sets one
    expect(rateLimits.limiterFor('tascomi', 'https://other.tascomi.com')).not.toBe(jobs);
    expect(rateLimits.limiterFor('civica-cx', 'https://council.tascomi.com')).not.toBe(jobs);
    expect(rateLimits.limiterFor('civica-cx', 'https://cx.example.gov.uk').limit()).toEqual(DEFAULT_RATE_LIMIT);
  });

  it('applies a saved limit in place to the limiter already in use', () => {
    const { rateLimits } = limits();
    const before = rateLimits.limiterFor('tascomi', 'https://council.tascomi.com');
    const after = rateLimits.limiterFor('tascomi', 'https://council.tascomi.com', { requestsPerSecond: 12, maxConcurrent: 4 });
    expect(after).toBe(before);
    expect(before.limit()).toEqual({ requestsPerSecond: 12, maxConcurrent: 4 });
  });

  it("shows the connector's held requests and pause only while there are any, and logs each episode once", async () => {
    const { clock, entries, rateLimits } = limits();
    expect(rateLimits.view('tascomi')).toBeUndefined();
    const limiter = rateLimits.limiterFor('tascomi', 'https://council.tascomi.com', { requestsPerSecond: 1, maxConcurrent: 1 });
    const first = await limiter.acquire();
    const waiting = [limiter.acquire(), limiter.acquire()];
    await settle();
    expect(rateLimits.view('tascomi')).toEqual({ held: 2 });
    expect(rateLimits.view('civica-cx')).toBeUndefined();
    limiter.pauseFor(30_000);
    limiter.pauseFor(30_000);
    expect(rateLimits.view('tascomi')).toEqual({ held: 2, pausedUntil: '2026-06-15T10:00:30.000+01:00' });
    expect(entries.map((e) => [e.level, e.source, e.message])).toEqual([
      ['info', 'tascomi', 'Tascomi requests to https://council.tascomi.com are held by the rate limit (1 a second, 1 at once): they wait their turn, nothing is failing.'],
      ['warn', 'tascomi', 'Tascomi at https://council.tascomi.com answered 429 (too many requests): nothing more is sent to it until 2026-06-15T10:00:30.000+01:00.'],
    ]);
    first();
    clock.advance(30_000);
    (await waiting[0]!)();
    clock.advance(1_000);
    (await waiting[1]!)();
    expect(rateLimits.view('tascomi')).toBeUndefined();
  });
});

describe('the rate limit in the engine, against the Tascomi emulator', () => {
  let t: TestEngine | undefined;
  let emulator: TascomiEmulator | undefined;
  let openGate: (() => void) | undefined;
  afterEach(async () => {
    openGate?.();
    await t?.dispose();
    await emulator?.close();
    t = emulator = openGate = undefined;
  });

  /**
   * An engine sending to the emulator under `rateLimit`, 8 jobs at once, with the two-way sync on.
   * The emulator counts the requests it is answering at once; after `closeGate()`, each waits until
   * the test opens the gate (so requests pile up in flight and in the limiter's line).
   */
  async function engineUnder(rateLimit: RateLimit) {
    const engine = (t = startTestEngine());
    engine.clock.set('2026-06-15T10:00:20.000Z');
    const seen = { inFlight: 0, most: 0 };
    let gate = Promise.resolve();
    const closeGate = () => {
      gate = new Promise<void>((resolve) => (openGate = resolve));
    };
    emulator = await startTascomiEmulator({
      now: () => engine.clock.millis(),
      faults: { latencyMs: 2 },
      sleep: async (ms) => {
        seen.most = Math.max(seen.most, ++seen.inFlight);
        try {
          await gate;
          await new Promise((resolve) => setTimeout(resolve, ms)); // real time, so requests overlap
        } finally {
          seen.inFlight--;
        }
      },
    });
    expect((await engine.engine.handlers.saveTascomiSettings({ ...tascomiSettingsFor(emulator), rateLimit })).saved).toBe(true);
    await engine.engine.handlers.saveJobSettings({ connector: 'tascomi', settings: { concurrency: 8, maxAttempts: 3, backoffBaseSeconds: 1, backoffCapSeconds: 5 } });
    await engine.engine.handlers.saveTascomiSync({ enabled: true, intervalMinutes: 5 });
    await engine.engine.handlers.createReference({ name: 'SR number' });
    const template = (await engine.engine.handlers.saveTemplate({
      draft: flyTippingCreateDraft(),
    })) as Template;
    await engine.engine.handlers.createRule({ name: 'Fly-tipping to Tascomi', caseType: 'Fly-tipping report', on: 'created', templateId: template.id });
    for (let i = 0; i < 12; i++) expect(engine.engine.intake.receive({ ...flyTipping, id: `${flyTipping.id}-${i}` })).toMatchObject({ ok: true });
    return { engine, seen, closeGate };
  }

  /** Jobs, the sync and a code-list refresh, all at once on the one connection. */
  const everythingAtOnce = (engine: TestEngine) =>
    Promise.allSettled([engine.engine.jobs.runUntilIdle(), engine.engine.handlers.runTascomiSync({}), engine.engine.handlers.refreshTascomiCodeLists({})]);

  const tascomiStatus = async (engine: TestEngine) => (await engine.engine.handlers.getQueueStatus({})).find((q) => q.connector === 'tascomi')!;

  /** Polls (real time, hang-guarded) until `done` says so. */
  async function until(done: () => Promise<boolean>, what: string) {
    const polling = (async () => {
      while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 5));
    })();
    await settlesWithin(polling, what, 10_000);
  }

  it('never has more than maxConcurrent requests at Tascomi while jobs, the sync and code lists share the connection', async () => {
    const { engine, seen } = await engineUnder({ requestsPerSecond: 50, maxConcurrent: 2 });
    const results = await settlesWithin(everythingAtOnce(engine), 'jobs, sync and code lists', 20_000);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(engine.engine.jobs.queue.byCase(`${flyTipping.id}-0`)[0]).toMatchObject({ state: 'succeeded' });
    expect(emulator!.records('complaints').filter((r) => String(r.external_reference).startsWith(`${flyTipping.id}-`))).toHaveLength(12);
    expect(seen.most).toBe(2);
    expect((await tascomiStatus(engine)).rateLimit).toBeUndefined(); // nothing held once it is all done
  });

  it('lets more through at once under a looser limit (the count above is the limit, not the workload)', async () => {
    const { engine, seen } = await engineUnder({ requestsPerSecond: 50, maxConcurrent: 16 });
    await settlesWithin(everythingAtOnce(engine), 'jobs, sync and code lists', 20_000);
    expect(seen.most).toBeGreaterThan(2);
  });

  it('says in the queue status how many requests are held, and a stop ends every wait at once', async () => {
    const { engine, seen, closeGate } = await engineUnder({ requestsPerSecond: 50, maxConcurrent: 1 });
    closeGate();
    seen.most = 0;
    const work = everythingAtOnce(engine);
    await until(async () => seen.inFlight === 1 && ((await tascomiStatus(engine)).rateLimit?.held ?? 0) >= 2, 'requests held by the limit');
    const status = await tascomiStatus(engine);
    expect(status.rateLimit).toEqual({ held: expect.any(Number) });
    expect(status.counts.failed ?? 0).toBe(0); // held, not failing
    expect(engine.engine.log.recent(50).map((e) => e.message)).toContainEqual(
      expect.stringMatching(/^Tascomi requests to http:\/\/127\.0\.0\.1:\d+ are held by the rate limit \(50 a second, 1 at once\)/),
    );

    await settlesWithin(engine.engine.close(), 'the engine stopping while requests are held', 5_000);
    openGate!(); // the one request in flight is answered; nothing held is sent after the stop
    const results = await settlesWithin(work, 'the held callers', 5_000);
    expect(results.map((r) => r.status)).toContain('rejected');
    expect(seen.most).toBe(1);
  });
});
