/**
 * The engine's monitoring on its components: the health report both listeners answer `/healthz`
 * with (health-report.ts) and the metrics the host serves at `/metrics` (metrics.ts), fed by the
 * engine's `log` event.
 *
 * A report is kept for a second (on the engine's clock): `/healthz` needs no sign-in, and building a
 * report counts every job (about 40 ms with 100,000 queued), so a flood of requests, or a monitor
 * and a scraper polling together, costs at most one report a second. A second's staleness is far
 * inside any monitor's polling interval. A metrics scrape builds its own (`freshReport`): it needs
 * the metrics token or this machine, and a scraper wants the numbers of the moment.
 */
import type { ConnectorId } from '../../../shared/domain/job';
import type { Clock } from '../clock';
import type { DiskSpaceMonitor } from '../disk-space';
import type { EventHub } from '../events';
import type { Health } from '../health';
import type { ConnectorWorkers } from '../jobs/connector-workers';
import type { JobQueue } from '../jobs/queue';
import type { Store } from '../store/open-store';
import { createJobQueries } from '../store/job-queries';
import { buildHealthReport, type HealthReport } from './health-report';
import type { EngineMetrics } from './metrics';

/** How long one health report answers every request (see the header). */
export const HEALTH_REPORT_MAX_AGE_MS = 1000;

export interface Monitoring {
  /** The health report, at most HEALTH_REPORT_MAX_AGE_MS old. */
  report(): HealthReport;
  /** A report built now, for a metrics scrape. */
  freshReport(): HealthReport;
  metrics: EngineMetrics;
  /** Stops hearing the engine's events. */
  stop(): void;
}

export function createMonitoring(deps: {
  store: Store;
  health: Pick<Health, 'active'>;
  queue: Pick<JobQueue, 'nextDueAt'>;
  workers: ConnectorWorkers['byConnector'];
  diskSpace: Pick<DiskSpaceMonitor, 'check'>;
  clock: Clock;
  events: Pick<EventHub, 'on'>;
  metrics: EngineMetrics;
}): Monitoring {
  const queries = createJobQueries(deps.store.db);
  const build = () =>
    buildHealthReport({
      alarms: () => deps.health.active(),
      storeOpen: () => deps.store.sqlite.open,
      countsByState: (connector: ConnectorId) => queries.countsByState(connector),
      oldestQueuedAt: (connector) => deps.queue.nextDueAt(connector),
      breaker: (connector) => deps.workers[connector].breaker.state(),
      diskSpace: () => deps.diskSpace.check(),
      now: () => ({ ms: deps.clock.millis(), iso: deps.clock.now().toISO()! }),
    });
  let kept: { at: number; report: HealthReport } | undefined;
  const report = () => {
    const now = deps.clock.millis();
    // A clock set back (the machine's time corrected) starts a fresh report rather than keeping one.
    if (kept && now >= kept.at && now - kept.at < HEALTH_REPORT_MAX_AGE_MS) return kept.report;
    kept = { at: now, report: build() };
    return kept.report;
  };
  const stop = deps.events.on('log', (entry) => deps.metrics.heard(entry));
  return { report, freshReport: build, metrics: deps.metrics, stop };
}
