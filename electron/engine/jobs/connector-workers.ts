/**
 * A worker per connector over the one durable queue, each behind its own circuit breaker, built with
 * the connector's saved concurrency and paused state. The connection says why jobs wait unspent (not
 * configured); the executor sends.
 */
import type { ConnectorId } from '../../../shared/domain/job';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import type { Clock } from '../clock';
import type { Executor } from './attempt';
import { createCircuitBreaker, type CircuitBreaker } from './circuit-breaker';
import type { JobSettingsService } from './job-settings';
import type { JobQueue } from './queue';
import { createWorker, type Worker } from './worker';

/** Short, and renewed while an attempt runs: after a crash its jobs return to the queue within a minute or two. */
const LEASE_MS = 60_000;
/** How long stop() waits for running attempts before giving them back to the queue. */
export const STOP_TIMEOUT_MS = 10_000;

export interface ConnectorWorkers {
  /** Each connector's worker and breaker (the job console pauses, resumes and reads them). */
  readonly byConnector: Record<ConnectorId, { worker: Worker; breaker: CircuitBreaker }>;
  /** Ends every worker's wait (jobs were queued). */
  wakeAll(): void;
  start(): void;
  /** Stops every worker together; running attempts finish, or go back to the queue after 10 s. */
  stop(): Promise<void>;
  /** Tests: drives each connector's worker in turn until it has nothing left to do (jobs never queue jobs). */
  runUntilIdle(): Promise<void>;
}

export interface ConnectorSender {
  execute: Executor;
  /** Why jobs wait unspent (the connection's settings), or undefined when they can be sent. */
  waitingFor(): Promise<string | undefined>;
}

export function createConnectorWorkers(deps: {
  queue: JobQueue;
  clock: Clock;
  jobSettings: Pick<JobSettingsService, 'get' | 'isPaused'>;
  log: { write(entry: NewLogEntry): unknown };
  senders: Record<ConnectorId, ConnectorSender>;
  /** A template's name now, for the log's words about an attempt. */
  templateName?: (id: number) => string | undefined;
}): ConnectorWorkers {
  const build = (connector: ConnectorId, sender: ConnectorSender) => {
    const breaker = createCircuitBreaker(deps.clock);
    if (deps.jobSettings.isPaused(connector)) breaker.pause();
    const worker = createWorker({
      queue: deps.queue,
      breaker,
      clock: deps.clock,
      connector,
      concurrency: deps.jobSettings.get(connector).concurrency,
      leaseMs: LEASE_MS,
      blockedReason: () => sender.waitingFor(),
      log: (entry) => deps.log.write(entry),
      templateName: deps.templateName,
      execute: sender.execute,
    });
    return { worker, breaker };
  };
  const byConnector = Object.fromEntries(
    Object.entries(deps.senders).map(([connector, sender]) => [connector, build(connector as ConnectorId, sender)]),
  ) as ConnectorWorkers['byConnector'];
  const all = Object.values(byConnector).map((w) => w.worker);
  return {
    byConnector,
    wakeAll: () => all.forEach((w) => w.wake()),
    start: () => all.forEach((w) => w.start()),
    stop: async () => void (await Promise.all(all.map((w) => w.stop({ timeoutMs: STOP_TIMEOUT_MS })))),
    async runUntilIdle() {
      for (const worker of all) await worker.runUntilIdle();
    },
  };
}
