import { describe, expect, it } from 'vitest';
import { JOB_STATES, type ConnectorId, type JobState } from '../../../../shared/domain/job';
import type { HealthAlarm } from '../../../../shared/domain/health';
import type { BreakerState } from '../../../../electron/engine/jobs/circuit-breaker';
import { buildHealthReport, httpStatusOf, queueLagSeconds, type HealthReportDeps } from '../../../../electron/engine/monitoring/health-report';

const NOW = Date.parse('2026-12-05T10:00:00Z');
const counts = (over: Partial<Record<JobState, number>> = {}) => ({ ...(Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>), ...over });
const alarm = (id: HealthAlarm['id'], level: HealthAlarm['level']): HealthAlarm => ({
  id,
  level,
  message: `Secret detail: the data folder C:\\ProgramData\\casebridge is in trouble (${id}).`,
  since: '2026-12-05T09:00:00.000+00:00',
});

function deps(over: Partial<HealthReportDeps> = {}, breakers: Partial<Record<ConnectorId, BreakerState>> = {}): HealthReportDeps {
  return {
    alarms: () => [],
    storeOpen: () => true,
    countsByState: (connector) => (connector === 'tascomi' ? counts({ queued: 3, succeeded: 10, dead: 1 }) : counts()),
    oldestQueuedAt: (connector) => (connector === 'tascomi' ? NOW - 90_000 : undefined),
    breaker: (connector) => breakers[connector] ?? { state: 'closed' },
    diskSpace: () => ({ freeBytes: 50e9, totalBytes: 100e9, low: false }),
    now: () => ({ ms: NOW, iso: '2026-12-05T10:00:00.000+00:00' }),
    ...over,
  };
}

describe('the health report', () => {
  it('is ok (200) when nothing is wrong, with each connector queue and the disk', () => {
    const report = buildHealthReport(deps());
    expect(report.status).toBe('ok');
    expect(httpStatusOf(report)).toBe(200);
    expect(report.reasons).toEqual([]);
    expect(report.store).toEqual({ open: true, alarms: [] });
    expect(report.log).toEqual({ writeFailing: false });
    expect(report.disk).toEqual({ freeBytes: 50e9, totalBytes: 100e9, low: false });
    expect(report.connectors.tascomi).toEqual({ paused: false, breaker: 'closed', jobs: counts({ queued: 3, succeeded: 10, dead: 1 }), queueLagSeconds: 90 });
    expect(report.connectors['civica-cx']).toEqual({ paused: false, breaker: 'closed', jobs: counts(), queueLagSeconds: 0 });
  });

  it('is degraded (200) with a warning alarm, naming it without its message', () => {
    const report = buildHealthReport(deps({ alarms: () => [alarm('disk-space-low', 'warning')], diskSpace: () => ({ freeBytes: 1e8, totalBytes: 100e9, low: true }) }));
    expect(report.status).toBe('degraded');
    expect(httpStatusOf(report)).toBe(200);
    expect(report.reasons).toEqual(['alarm disk-space-low']);
    expect(report.store.alarms).toEqual([{ id: 'disk-space-low', level: 'warning', since: '2026-12-05T09:00:00.000+00:00' }]);
    expect(JSON.stringify(report)).not.toContain('ProgramData');
  });

  it('is degraded when a circuit is open or probing, or a connector is paused', () => {
    const open = buildHealthReport(deps({}, { tascomi: { state: 'open', since: 'x', probeAt: 'y', coolDownMs: 30_000 } }));
    expect(open.status).toBe('degraded');
    expect(open.reasons).toEqual(['tascomi cannot be reached (circuit open)']);
    const probing = buildHealthReport(deps({}, { 'civica-cx': { state: 'probing', inFlight: true } }));
    expect(probing.reasons).toEqual(['civica-cx cannot be reached (circuit probing)']);
    const paused = buildHealthReport(deps({}, { tascomi: { state: 'paused', since: 'x' } }));
    expect(paused.status).toBe('degraded');
    expect(paused.connectors.tascomi).toMatchObject({ paused: true, breaker: 'paused' });
    expect(paused.reasons).toEqual(['tascomi is paused']);
  });

  it('is failing (503) when an error alarm is active: log entries lost, failures listed first', () => {
    const report = buildHealthReport(
      deps({ alarms: () => [alarm('log-write-failed', 'error'), alarm('disk-space-low', 'warning')] }, { tascomi: { state: 'paused', since: 'x' } }),
    );
    expect(report.status).toBe('failing');
    expect(httpStatusOf(report)).toBe(503);
    expect(report.log.writeFailing).toBe(true);
    expect(report.reasons).toEqual(['alarm log-write-failed', 'alarm disk-space-low', 'tascomi is paused']);
    expect(JSON.stringify(report)).not.toContain('Secret detail');
  });

  it('is failing when the store is closed, and reads nothing from it then', () => {
    const report = buildHealthReport(
      deps({
        storeOpen: () => false,
        countsByState: () => {
          throw new Error('The database connection is not open');
        },
        oldestQueuedAt: () => {
          throw new Error('The database connection is not open');
        },
      }),
    );
    expect(report.status).toBe('failing');
    expect(report.reasons).toEqual(['the database is closed']);
    expect(report.connectors.tascomi.jobs).toEqual(counts());
  });

  it('says the disk is unknown when its space cannot be read', () => {
    expect(buildHealthReport(deps({ diskSpace: () => undefined })).disk).toEqual({ unknown: true });
  });

  it('counts queue lag only for jobs already due', () => {
    expect(queueLagSeconds(undefined, NOW)).toBe(0);
    expect(queueLagSeconds(NOW + 5_000, NOW)).toBe(0);
    expect(queueLagSeconds(NOW - 2_500, NOW)).toBe(2.5);
  });
});

describe('the order of the readings', () => {
  it('reads the disk before the alarms, so an alarm its reading raises is in the same report', () => {
    let low = false;
    const report = buildHealthReport(
      deps({
        diskSpace: () => ((low = true), { freeBytes: 1, totalBytes: 100e9, low: true }),
        alarms: () => (low ? [alarm('disk-space-low', 'warning')] : []),
      }),
    );
    expect(report.status).toBe('degraded');
    expect(report.reasons).toEqual(['alarm disk-space-low']);
  });
});
