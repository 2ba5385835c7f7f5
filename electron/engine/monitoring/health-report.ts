/**
 * What `GET /healthz` answers, on the host and on the case-intake listener alike: the state of the
 * engine a council's monitoring system polls, and one overall `status` (HTTP 200 for ok and
 * degraded, 503 for failing).
 *
 * It needs no sign-in (a monitor cannot sign in), so it says only what is safe for a stranger who
 * can reach the port to know:
 * - No personal data: job counts by state, never a case, a job or a name.
 * - No secrets, paths or versions: an alarm by its id and level and since when, never its message
 *   (messages name the data folder and the cause, which help someone looking for a way in); no
 *   version number (it tells an attacker which flaws to try); connectors by their fixed ids only.
 * - Free disk space as a number: it says how soon casebridge stops, which the council needs and an
 *   outsider cannot act on.
 *
 * Decisions:
 * - failing (503): the store is closed, or an error-level alarm is active (the store damaged or
 *   unwritable, log entries being lost): something is being refused or lost now.
 * - degraded (200): a warning alarm (the disk nearly full), a connector's circuit open or being
 *   probed (its system unreachable), or a connector paused by hand (its jobs wait; a pause left on
 *   by mistake is what a monitor should catch).
 * - Built fresh at every poll: a few indexed counts and one statfs, cheap enough to poll often.
 */
import { CONNECTOR_IDS, JOB_STATES, type ConnectorId, type JobState } from '../../../shared/domain/job';
import type { HealthAlarm, HealthAlarmId } from '../../../shared/domain/health';
import type { BreakerState } from '../jobs/circuit-breaker';

export type OverallStatus = 'ok' | 'degraded' | 'failing';

export interface ConnectorHealth {
  paused: boolean;
  /** The circuit breaker: closed (sending), open (the system is unreachable), probing (testing recovery), paused. */
  breaker: BreakerState['state'];
  jobs: Record<JobState, number>;
  /** Seconds the oldest job that is due has been waiting (0 when none is due). */
  queueLagSeconds: number;
}

export interface HealthReport {
  status: OverallStatus;
  /** When this was built (ISO 8601). */
  checkedAt: string;
  /** Why the status is not ok, each a short phrase naming no file, person or case. */
  reasons: string[];
  store: { open: boolean; alarms: { id: HealthAlarmId; level: HealthAlarm['level']; since: string }[] };
  log: { writeFailing: boolean };
  disk: { freeBytes: number; totalBytes: number; low: boolean } | { unknown: true };
  connectors: Record<ConnectorId, ConnectorHealth>;
}

export interface HealthReportDeps {
  alarms: () => HealthAlarm[];
  storeOpen: () => boolean;
  countsByState: (connector: ConnectorId) => Record<JobState, number>;
  /** The earliest `next_run_at` of the connector's queued jobs (ms), or undefined. */
  oldestQueuedAt: (connector: ConnectorId) => number | undefined;
  breaker: (connector: ConnectorId) => BreakerState;
  /** The disk's space now (also refreshes its alarm); undefined when it cannot be read. */
  diskSpace: () => { freeBytes: number; totalBytes: number; low: boolean } | undefined;
  now: () => { ms: number; iso: string };
}

/** Seconds the oldest due job has waited past its due time; future jobs are not late. */
export function queueLagSeconds(oldestDueAt: number | undefined, nowMs: number): number {
  return oldestDueAt === undefined || oldestDueAt > nowMs ? 0 : (nowMs - oldestDueAt) / 1000;
}

export function httpStatusOf(report: Pick<HealthReport, 'status'>): 200 | 503 {
  return report.status === 'failing' ? 503 : 200;
}

export function buildHealthReport(deps: HealthReportDeps): HealthReport {
  const { ms, iso } = deps.now();
  // First: reading the disk raises or clears its alarm, which the alarms below then include.
  const disk = deps.diskSpace();
  const reasons: { failing: string[]; degraded: string[] } = { failing: [], degraded: [] };
  const open = deps.storeOpen();
  if (!open) reasons.failing.push('the database is closed');
  const alarms = deps.alarms().map(({ id, level, since }) => ({ id, level, since }));
  for (const alarm of alarms) (alarm.level === 'error' ? reasons.failing : reasons.degraded).push(`alarm ${alarm.id}`);

  const connectors = {} as Record<ConnectorId, ConnectorHealth>;
  for (const connector of CONNECTOR_IDS) {
    const breaker = deps.breaker(connector).state;
    const jobs = open ? deps.countsByState(connector) : (Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>);
    connectors[connector] = {
      paused: breaker === 'paused',
      breaker,
      jobs,
      queueLagSeconds: open ? queueLagSeconds(deps.oldestQueuedAt(connector), ms) : 0,
    };
    if (breaker === 'paused') reasons.degraded.push(`${connector} is paused`);
    else if (breaker !== 'closed') reasons.degraded.push(`${connector} cannot be reached (circuit ${breaker})`);
  }
  const status: OverallStatus = reasons.failing.length > 0 ? 'failing' : reasons.degraded.length > 0 ? 'degraded' : 'ok';
  return {
    status,
    checkedAt: iso,
    reasons: [...reasons.failing, ...reasons.degraded],
    store: { open, alarms },
    log: { writeFailing: alarms.some((a) => a.id === 'log-write-failed') },
    disk: disk ?? { unknown: true },
    connectors,
  };
}
