/**
 * The health report is built at most once a second, however often `/healthz` is asked: it needs no
 * sign-in, and a report counts every job.
 */
import { afterEach, expect, it } from 'vitest';
import { HEALTH_REPORT_MAX_AGE_MS } from '../../../../electron/engine/monitoring/monitoring';
import { contractCallsOf, startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine | undefined;
const { value } = contractCallsOf(() => t!);
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

it('answers every request within a second with one report, and builds a fresh one after', () => {
  t = startTestEngine();
  const first = t.engine.monitoring.report();
  t.clock.advance(HEALTH_REPORT_MAX_AGE_MS - 1);
  expect(t.engine.monitoring.report()).toBe(first);
  t.clock.advance(1);
  const second = t.engine.monitoring.report();
  expect(second).not.toBe(first);
  expect(Date.parse(second.checkedAt) - Date.parse(first.checkedAt)).toBe(HEALTH_REPORT_MAX_AGE_MS);
});

it('shows a change once the second is over', async () => {
  t = startTestEngine();
  expect(t.engine.monitoring.report().connectors.tascomi.paused).toBe(false);
  await value('pauseQueue', { connector: 'tascomi' });
  expect(t.engine.monitoring.report().connectors.tascomi.paused).toBe(false);
  t.clock.advance(HEALTH_REPORT_MAX_AGE_MS);
  expect(t.engine.monitoring.report().connectors.tascomi.paused).toBe(true);
});

it('builds a fresh report when the clock is set back, rather than keeping an old one for longer', () => {
  t = startTestEngine();
  const first = t.engine.monitoring.report();
  t.clock.advance(-60_000);
  expect(t.engine.monitoring.report()).not.toBe(first);
});

// A metrics scrape builds its own report: test/unit/engine/monitoring/metrics.test.ts scrapes a real
// engine twice at one moment of its clock and sees the jobs change between the two.
