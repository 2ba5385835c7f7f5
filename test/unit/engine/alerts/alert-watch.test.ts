import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../../../../shared/domain/alerts';
import type { HealthAlarm } from '../../../../shared/domain/health';
import type { ConnectorId, JobView } from '../../../../shared/domain/job';
import { createAlertGrouping } from '../../../../electron/engine/alerts/alert-grouping';
import { createAlertWatch, type AlertSources } from '../../../../electron/engine/alerts/alert-watch';
import type { BreakerState } from '../../../../electron/engine/jobs/circuit-breaker';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const times = { groupingMs: 120_000, quietMs: 0 };

function rig(settings: AlertSettings = DEFAULT_ALERT_SETTINGS) {
  const breakers: Record<ConnectorId, BreakerState> = { tascomi: { state: 'closed' }, 'civica-cx': { state: 'closed' } };
  let alarms: HealthAlarm[] = [];
  let intake = { enabled: true, status: { listening: true } };
  let sync: ReturnType<AlertSources['sync']> = { enabled: true };
  const grouping = createAlertGrouping();
  const sources: AlertSources = {
    breaker: (connector) => breakers[connector],
    queued: () => 7,
    sync: () => sync,
    intake: async () => intake,
    alarms: () => alarms,
  };
  const watch = createAlertWatch({ grouping, sources, settings: () => settings });
  return {
    breakers,
    grouping,
    watch,
    setAlarms: (a: HealthAlarm[]) => (alarms = a),
    setIntake: (listening: boolean) => (intake = { enabled: true, status: { listening } }),
    setSync: (s: typeof sync) => (sync = s),
    turn: async (now: number) => {
      await watch.poll(now, settings);
      return grouping.due(now, times);
    },
  };
}

const job = (id: number, state: JobView['state'], connector: ConnectorId, lastErrorClass?: string): JobView => ({
  id,
  connector,
  kind: 'create',
  caseId: `CRM-${id}`,
  templateId: 1,
  templateVersion: 1,
  referenceName: 'ref',
  state,
  attempts: 10,
  maxAttempts: 10,
  attemptsAddedByHand: 0,
  outcomeUnknown: false,
  ...(lastErrorClass ? { lastErrorClass } : {}),
  createdAt: '',
  updatedAt: '',
});

describe('alert watch: where alerts come from', () => {
  it('alerts on a breaker only once it has been down (open or probing) longer than the rule says, then recovers when it closes', async () => {
    const r = rig();
    r.breakers.tascomi = { state: 'open', since: '', probeAt: '', coolDownMs: 30_000 };
    expect(await r.turn(T0)).toEqual([]);
    // A failed probe reopens it: the outage still counts from the first time it was seen down.
    r.breakers.tascomi = { state: 'probing', inFlight: true };
    expect(await r.turn(T0 + 5 * 60_000)).toEqual([]);
    r.breakers.tascomi = { state: 'open', since: '', probeAt: '', coolDownMs: 60_000 };
    const alert = await r.turn(T0 + 10 * 60_000);
    expect(alert).toMatchObject([{ kind: 'alert', condition: 'breaker-open', connector: 'tascomi', state: { since: T0, facts: [{ label: 'Jobs waiting', value: '7' }] } }]);
    r.breakers.tascomi = { state: 'closed' };
    expect(await r.turn(T0 + 12 * 60_000)).toMatchObject([{ kind: 'recovery', condition: 'breaker-open', connector: 'tascomi' }]);
  });

  it('a paused queue is not an outage', async () => {
    const r = rig();
    r.breakers['civica-cx'] = { state: 'paused', since: '' };
    expect(await r.turn(T0)).toEqual([]);
    expect(await r.turn(T0 + 60 * 60_000)).toEqual([]);
  });

  it('counts dead jobs of the connectors the rule covers, and leaves out a rule switched off', async () => {
    const onlyCx: AlertSettings = {
      ...DEFAULT_ALERT_SETTINGS,
      rules: { ...DEFAULT_ALERT_SETTINGS.rules, 'job-dead': { ...DEFAULT_ALERT_SETTINGS.rules['job-dead'], connectors: ['civica-cx'] } },
    };
    const r = rig(onlyCx);
    r.watch.jobChanged(job(1, 'dead', 'tascomi', 'connection'), T0);
    r.watch.jobChanged(job(2, 'dead', 'civica-cx', 'remote'), T0);
    r.watch.jobChanged(job(3, 'failed', 'civica-cx', 'permission'), T0);
    const due = await r.turn(T0 + 120_000);
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ condition: 'job-dead', group: { count: 1, jobIds: [2] } });

    const off: AlertSettings = {
      ...DEFAULT_ALERT_SETTINGS,
      rules: { ...DEFAULT_ALERT_SETTINGS.rules, 'job-dead': { ...DEFAULT_ALERT_SETTINGS.rules['job-dead'], enabled: false } },
    };
    const quiet = rig(off);
    quiet.watch.jobChanged(job(4, 'dead', 'tascomi', 'connection'), T0);
    expect(await quiet.turn(T0 + 120_000)).toEqual([]);
  });

  it('alerts when more validation failures than the rule allows fell within the hour, and recovers an hour later', async () => {
    const r = rig();
    for (let i = 0; i < 20; i += 1) r.watch.jobChanged(job(i, 'failed', 'tascomi', 'validation'), T0 + i * 1000);
    expect(await r.turn(T0 + 60_000)).toEqual([]);
    r.watch.jobChanged(job(21, 'failed', 'tascomi', 'validation'), T0 + 61_000);
    expect(await r.turn(T0 + 62_000)).toMatchObject([{ kind: 'alert', condition: 'validation-failures', connector: 'tascomi' }]);
    expect(await r.turn(T0 + 30 * 60_000)).toEqual([]);
    expect(await r.turn(T0 + 61 * 60_000)).toMatchObject([{ kind: 'recovery', condition: 'validation-failures', connector: 'tascomi' }]);
  });

  it('reads the health alarms by title only (their messages name folders), and the sync and intake states', async () => {
    const r = rig();
    r.setAlarms([{ id: 'disk-space-low', level: 'warning', message: 'Only 120 MB free on C:\\Users\\jsmith\\casebridge', since: '2026-12-05T09:58:00Z' }]);
    r.setIntake(false);
    r.setSync({ enabled: true, lastRun: { startedAt: '2026-12-05T09:59:00Z', since: '', changed: 0, matched: 0, updated: 0, error: 'Tascomi refused the key for Jane Smith' } });
    const due = await r.turn(T0);
    expect(due.map((o) => o.condition).sort()).toEqual(['disk-low', 'intake-not-listening', 'sync-failing']);
    expect(JSON.stringify(due)).not.toMatch(/jsmith|Jane Smith/);
    expect(due.find((o) => o.condition === 'disk-low')).toMatchObject({
      state: { since: Date.parse('2026-12-05T09:58:00Z'), facts: [{ label: 'Warning', value: 'The disk is nearly full' }] },
    });
    r.setAlarms([]);
    r.setIntake(true);
    r.setSync({ enabled: true, lastRun: { startedAt: '2026-12-05T10:05:00Z', since: '', changed: 1, matched: 0, updated: 0 } });
    expect((await r.turn(T0 + 5 * 60_000)).map((o) => o.kind)).toEqual(['recovery', 'recovery', 'recovery']);
  });
});
