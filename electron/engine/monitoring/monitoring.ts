/**
 * The engine's monitoring on its components: the health report both listeners answer `/healthz`
 * with (health-report.ts) and the metrics the host serves at `/metrics` (metrics.ts), fed by the
 * engine's `log` event.
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

export interface Monitoring {
  report(): HealthReport;
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
  const report = () =>
    buildHealthReport({
      alarms: () => deps.health.active(),
      storeOpen: () => deps.store.sqlite.open,
      countsByState: (connector: ConnectorId) => queries.countsByState(connector),
      oldestQueuedAt: (connector) => deps.queue.nextDueAt(connector),
      breaker: (connector) => deps.workers[connector].breaker.state(),
      diskSpace: () => deps.diskSpace.check(),
      now: () => ({ ms: deps.clock.millis(), iso: deps.clock.now().toISO()! }),
    });
  const stop = deps.events.on('log', (entry) => deps.metrics.heard(entry));
  return { report, metrics: deps.metrics, stop };
}
