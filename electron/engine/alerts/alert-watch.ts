/**
 * Where alerts come from: it hears jobs die and fail validation (the queue's `jobChanged`), and on
 * each poll reads the states the engine already keeps (each connector's breaker, the Tascomi sync's
 * last run, the intake's status, the health alarms), and reports them to the grouping, as each
 * condition's rule asks (on or off, which connectors, the rule's number).
 *
 * Decisions:
 * - A breaker counts as down while open or probing (a probe that fails opens it again, with a new
 *   `since`): the watch keeps when it first went down, so "open longer than M minutes" is the
 *   outage's length, not the last cool-down's.
 * - Validation failures are a state: on while more than N fell in the last hour. Only the newest
 *   N+1 times are kept per connector, which is all "more than N" needs.
 * - The health alarms are read by id and reported by title only: their messages name folders.
 */
import type { AlertCondition, AlertSettings } from '../../../shared/domain/alerts';
import { ruleCovers, ruleThreshold } from '../../../shared/domain/alerts';
import { HEALTH_ALARM_TITLES, type HealthAlarm, type HealthAlarmId } from '../../../shared/domain/health';
import { CONNECTOR_IDS, type ConnectorId, type JobView } from '../../../shared/domain/job';
import type { IntakeStatus } from '../../../shared/domain/intake';
import type { TascomiSyncView } from '../../../shared/domain/tascomi-sync';
import type { BreakerState } from '../jobs/circuit-breaker';
import type { AlertGrouping } from './alert-grouping';

export interface AlertSources {
  /** A connector's breaker now. */
  breaker(connector: ConnectorId): BreakerState;
  /** Queued jobs per connector (for the breaker's message). */
  queued(connector: ConnectorId): number;
  sync(): Pick<TascomiSyncView, 'enabled' | 'lastRun'>;
  /** The intake's settings' switch and its status. */
  intake(): Promise<{ enabled: boolean; status: IntakeStatus }>;
  alarms(): HealthAlarm[];
}

const HOUR_MS = 60 * 60_000;

const ALARMS_OF: Partial<Record<AlertCondition, readonly HealthAlarmId[]>> = {
  'disk-low': ['disk-space-low'],
  'log-store-failing': ['log-write-failed', 'store-error', 'store-damaged'],
  'backup-failed': ['backup-failed', 'restore-failed'],
};

export interface AlertWatch {
  /** A job changed (the `jobChanged` event). */
  jobChanged(job: JobView, nowMs: number): void;
  /** Reads every state and reports it to the grouping. */
  poll(nowMs: number, settings: AlertSettings): Promise<void>;
}

export function createAlertWatch(deps: { grouping: AlertGrouping; sources: AlertSources; settings: () => AlertSettings }): AlertWatch {
  const { grouping, sources } = deps;
  const downSince = new Map<ConnectorId, number>();
  const validationTimes = new Map<ConnectorId, number[]>();
  const isConnector = (value: string): value is ConnectorId => (CONNECTOR_IDS as readonly string[]).includes(value);

  const on = (settings: AlertSettings, condition: AlertCondition, connector?: ConnectorId) => settings.rules[condition].enabled && ruleCovers(settings.rules[condition], connector);

  function pollBreakers(now: number, settings: AlertSettings): void {
    for (const connector of CONNECTOR_IDS) {
      const { state } = sources.breaker(connector);
      const down = state === 'open' || state === 'probing';
      if (!down) downSince.delete(connector);
      else if (!downSince.has(connector)) downSince.set(connector, now);
      const since = downSince.get(connector);
      const longEnough = since !== undefined && now - since >= ruleThreshold(settings, 'breaker-open') * 60_000;
      grouping.state(
        'breaker-open',
        connector,
        longEnough && on(settings, 'breaker-open', connector) ? { since, facts: [{ label: 'Jobs waiting', value: String(sources.queued(connector)) }] } : undefined,
        now,
      );
    }
  }

  function pollValidation(now: number, settings: AlertSettings): void {
    const limit = ruleThreshold(settings, 'validation-failures');
    for (const connector of CONNECTOR_IDS) {
      const times = (validationTimes.get(connector) ?? []).filter((t) => t > now - HOUR_MS);
      validationTimes.set(connector, times);
      const over = times.length > limit && on(settings, 'validation-failures', connector);
      grouping.state(
        'validation-failures',
        connector,
        over ? { since: times[times.length - limit - 1]!, facts: [{ label: 'In the last hour', value: `more than ${limit} validation failures` }] } : undefined,
        now,
      );
    }
  }

  function pollAlarms(now: number, settings: AlertSettings): void {
    const active = sources.alarms();
    for (const [condition, ids] of Object.entries(ALARMS_OF) as [AlertCondition, readonly HealthAlarmId[]][]) {
      const raised = active.filter((a) => ids.includes(a.id));
      const since = Math.min(...raised.map((a) => Date.parse(a.since)));
      const state =
        raised.length > 0 && on(settings, condition)
          ? { since: Number.isFinite(since) ? since : now, facts: raised.map((a) => ({ label: a.level === 'error' ? 'Error' : 'Warning', value: HEALTH_ALARM_TITLES[a.id] })) }
          : undefined;
      grouping.state(condition, undefined, state, now);
    }
  }

  // When the sync began failing and the intake stopped listening, as first seen: a message says how long.
  const syncFailingSince = { at: undefined as number | undefined };
  const intakeDownSince = { at: undefined as number | undefined };

  return {
    jobChanged(job, now) {
      const dead = job.state === 'dead';
      const invalid = job.state === 'failed' && job.lastErrorClass === 'validation';
      // Every job's every change comes here (queued, running, succeeded): the settings are read only for the two that count.
      if (!(dead || invalid) || !isConnector(job.connector)) return;
      const settings = deps.settings();
      if (dead && on(settings, 'job-dead', job.connector)) {
        grouping.event('job-dead', now, { connector: job.connector, errorClass: job.lastErrorClass ?? 'unknown', jobId: job.id });
      }
      if (invalid) {
        const times = validationTimes.get(job.connector) ?? [];
        times.push(now);
        // "More than N" needs the newest N+1 only.
        const keep = ruleThreshold(settings, 'validation-failures') + 1;
        validationTimes.set(job.connector, times.length > keep ? times.slice(-keep) : times);
      }
    },

    async poll(now, settings) {
      pollBreakers(now, settings);
      pollValidation(now, settings);
      pollAlarms(now, settings);

      const sync = sources.sync();
      const failing = sync.enabled && sync.lastRun?.error !== undefined;
      if (!failing) syncFailingSince.at = undefined;
      else syncFailingSince.at ??= Date.parse(sync.lastRun!.startedAt) || now;
      grouping.state(
        'sync-failing',
        undefined,
        failing && on(settings, 'sync-failing') ? { since: syncFailingSince.at!, facts: [{ label: 'Last poll', value: 'failed (see the log, source sync)' }] } : undefined,
        now,
      );

      const intake = await sources.intake();
      const notListening = intake.enabled && !intake.status.listening;
      if (!notListening) intakeDownSince.at = undefined;
      else intakeDownSince.at ??= now;
      grouping.state(
        'intake-not-listening',
        undefined,
        notListening && on(settings, 'intake-not-listening') ? { since: intakeDownSince.at!, facts: [{ label: 'Intake', value: 'switched on, not listening' }] } : undefined,
        now,
      );
    },
  };
}
