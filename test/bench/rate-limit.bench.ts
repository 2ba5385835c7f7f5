/**
 * The connection's rate limit under load: a burst of 2,000 jobs with the two-way sync polling again
 * and again against the Tascomi emulator, once under a limit and once with it lifted, on the same
 * engine settings (the same durability). It shows (a) that the limit was kept exactly: the most
 * requests started in any 1-second window, counted where each is let out to be sent (the client's
 * side, exact), and as the emulator saw them arrive (its side, which network jitter can bunch), and
 * the most the emulator was answering at once; and (b) what keeping it costs: the burst's time with
 * the limit over its time without.
 *
 * The limit is 100 a second and 4 at once: below what the engine sends unlimited here (so the limit
 * binds), and above the settings' maximum of 50 a second, which the limiter itself does not enforce,
 * because at 50 a second the burst's 2,500-odd requests would take 50 s, and both runs must fit in
 * about 90 s.
 * The emulator runs in this process, so it can count what it is answering at once.
 * Prints `bench:` lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import type { RateLimits } from '../../electron/engine/connectors/rate-limits';
import flyTipping from '../../resources/sample-cases/fly-tipping.json';
import type { RateLimit } from '../../shared/domain/rate-limit';
import type { Template } from '../../shared/domain/template';
import { startTascomiEmulator, type TascomiEmulator } from '../emulators/tascomi';
import { tascomiSettingsFor } from '../support/connector-settings';
import { benchEngine, fixedRateLimits, LIFTED_RATE_LIMIT } from './bench-engine';
import { report } from './report';
import { flyTippingCreateDraft } from '../support/fly-tipping-template';

const CASES = 2_000;
const LIMIT: RateLimit = { requestsPerSecond: 100, maxConcurrent: 4 };

/** The most of `times` (ms, ascending) inside any window [t, t + 1 s). */
function mostInOneSecond(times: number[]): number {
  let most = 0;
  for (let first = 0, last = 0; first < times.length; first++) {
    while (last < times.length && times[last]! < times[first]! + 1000) last++;
    most = Math.max(most, last - first);
  }
  return most;
}

/** Counts what the limiter lets out (the moment a request may be sent) and what is in flight. */
function counted(limits: RateLimits) {
  const seen = { starts: [] as number[], inFlight: 0, most: 0 };
  const wrapped: RateLimits = {
    ...limits,
    limiterFor(connector, baseUrl, limit) {
      const limiter = limits.limiterFor(connector, baseUrl, limit);
      return {
        ...limiter,
        async acquire(signal) {
          const release = await limiter.acquire(signal);
          seen.starts.push(performance.now());
          seen.most = Math.max(seen.most, ++seen.inFlight);
          let released = false;
          return () => {
            if (!released) seen.inFlight--;
            released = true;
            release();
          };
        },
      };
    },
  };
  return { seen, wrapped };
}

interface Run {
  seconds: number;
  requests: number;
  polls: number;
  clientMostPerSecond: number;
  clientMostInFlight: number;
  emulatorMostPerSecond: number;
  emulatorMostInFlight: number;
}

let runs = 0;

async function run(limit: RateLimit): Promise<Run> {
  runs++;
  const arrivals: number[] = [];
  const atEmulator = { inFlight: 0, most: 0 };
  const emulator: TascomiEmulator = await startTascomiEmulator({
    faults: { latencyMs: 1 },
    // Called as each request is answered: the emulator's own count of what it answers at once.
    sleep: async (ms) => {
      arrivals.push(performance.now());
      atEmulator.most = Math.max(atEmulator.most, ++atEmulator.inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, ms));
      } finally {
        atEmulator.inFlight--;
      }
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'casebridge-bench-rate-limit-'));
  const { seen, wrapped } = counted(fixedRateLimits(limit));
  const engine = benchEngine(dir, { rateLimits: wrapped });
  let syncing = true;
  try {
    const saved = await engine.handlers.saveTascomiSettings(tascomiSettingsFor(emulator));
    if (!saved.saved) throw new Error(`Tascomi settings were not saved: ${JSON.stringify(saved)}`);
    await engine.handlers.saveTascomiSync({ enabled: true, intervalMinutes: 60 });
    await engine.handlers.createReference({ name: 'SR number' });
    const template = (await engine.handlers.saveTemplate({
      draft: flyTippingCreateDraft(),
    })) as Template;
    const ids = Array.from({ length: CASES }, (_, i) => `RL-${runs}-${String(i).padStart(5, '0')}`);
    for (const id of ids) {
      const received = engine.intake.receive({ ...flyTipping, id });
      if (!received.ok) throw new Error(`case ${id} was not stored: ${JSON.stringify(received)}`);
    }
    await engine.handlers.refreshTascomiCodeLists({});

    const finished = new Promise<void>((resolve, reject) => {
      let done = 0;
      const off = engine.on('log', (entry) => {
        if (entry.outcome === 'succeeded' && ++done === CASES) {
          off();
          resolve();
        } else if (entry.outcome === 'failed' || entry.outcome === 'dead') {
          off();
          reject(new Error(`job ${entry.jobId} ${entry.outcome}: ${entry.message}`));
        }
      });
    });
    finished.catch(() => undefined); // awaited below
    arrivals.length = 0;
    seen.starts.length = 0;
    seen.most = atEmulator.most = 0;
    const started = performance.now();
    let polls = 0;
    // The sync polls back to back for the whole burst, as a busy connection's would at its interval.
    const sync = (async () => {
      while (syncing) {
        await engine.handlers.runTascomiSync({});
        polls++;
      }
    })();
    for (const id of ids) engine.intake.applyTemplate(id, template.id);
    await finished;
    const seconds = (performance.now() - started) / 1000;
    syncing = false;
    await sync;
    const created = emulator.records('complaints').filter((r) => String(r.external_reference).startsWith(`RL-${runs}-`)).length;
    if (created !== CASES) throw new Error(`${created} Service Requests were made for ${CASES} cases`);
    return {
      seconds,
      requests: seen.starts.length,
      polls,
      clientMostPerSecond: mostInOneSecond(seen.starts),
      clientMostInFlight: seen.most,
      emulatorMostPerSecond: mostInOneSecond(arrivals),
      emulatorMostInFlight: atEmulator.most,
    };
  } finally {
    syncing = false;
    await engine.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

it('rate limit: 2,000 jobs with the two-way sync polling, under the limit and with it lifted', async () => {
  const lifted = await run(LIFTED_RATE_LIMIT);
  const limited = await run(LIMIT);
  const how = `${CASES} jobs and the sync polling, ${LIMIT.requestsPerSecond} a second and ${LIMIT.maxConcurrent} at once`;
  report({
    name: `rate-limit-most-started-in-1s (${how}; counted as each is let out to be sent)`,
    value: limited.clientMostPerSecond,
    unit: 'requests',
    target: { op: '<=', value: Math.ceil(LIMIT.requestsPerSecond) },
  });
  report({
    name: `rate-limit-most-in-flight (${how}; the emulator answering at once)`,
    value: limited.emulatorMostInFlight,
    unit: 'requests',
    target: { op: '<=', value: LIMIT.maxConcurrent },
  });
  report({
    name: `rate-limit-most-in-flight-client (${how}; let out and not yet read)`,
    value: limited.clientMostInFlight,
    unit: 'requests',
    target: { op: '<=', value: LIMIT.maxConcurrent },
  });
  report({ name: `rate-limit-most-arrived-in-1s (${how}; as the emulator saw them, network jitter included)`, value: limited.emulatorMostPerSecond, unit: 'requests' });
  report({ name: `rate-limit-requests (${how}; ${limited.polls} sync polls)`, value: limited.requests, unit: 'requests' });
  report({ name: `rate-limit-burst-time (${how})`, value: limited.seconds, unit: 's' });
  report({ name: `rate-limit-lifted-burst-time (the same work with the limit lifted; ${lifted.polls} sync polls)`, value: lifted.seconds, unit: 's' });
  report({ name: 'rate-limit-lifted-requests (the same work with the limit lifted)', value: lifted.requests, unit: 'requests' });
  report({ name: 'rate-limit-lifted-most-in-flight (the same work with the limit lifted; the emulator answering at once)', value: lifted.emulatorMostInFlight, unit: 'requests' });
  report({ name: 'rate-limit-cost (burst time under the limit / with it lifted)', value: limited.seconds / lifted.seconds, unit: 'x' });
});
