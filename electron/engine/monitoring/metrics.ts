/**
 * The engine's Prometheus metrics (`GET /metrics` on the host), in a registry of this engine's own:
 * prom-client's global default registry would mix two engines in one process (tests, benchmarks)
 * and outlive a closed one.
 *
 * Decisions:
 * - Attempts are counted from the log entries the job workers already write for each one (source =
 *   the connector, with outcome, error class and duration), heard as the engine's `log` event: no
 *   second path from the worker that could disagree with the log.
 * - Gauges (jobs by state, queue lag, breakers) are read at scrape time from the health report's
 *   reader, so they are never stale and cost nothing between scrapes.
 * - Labels are fixed ids only (connector, state, outcome, error class, HTTP status): no case, job or
 *   person ever becomes a label, so the series stay few and free of personal data.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CONNECTOR_IDS, JOB_STATES, type ConnectorId } from '../../../shared/domain/job';
import type { LogEntry } from '../../../shared/domain/log-entry';
import type { BreakerState } from '../jobs/circuit-breaker';
import type { HealthReport } from './health-report';

/** The breaker gauge's values: 0 sending, 1 probing, 2 open, 3 paused by hand. */
export const BREAKER_VALUES: Record<BreakerState['state'], number> = { closed: 0, probing: 1, open: 2, paused: 3 };

export interface EngineMetrics {
  /** The Prometheus text exposition of every metric now. */
  render(): Promise<string>;
  contentType: string;
  /** Hears one log entry (the engine's `log` event); counts it when it is an attempt's. */
  heard(entry: Pick<LogEntry, 'source' | 'outcome' | 'errorClass' | 'durationMs'>): void;
  /** The case-intake listener answered a request with `status`. */
  webhookAnswered(status: number): void;
  /** `lost` log entries could not be stored. */
  logWriteFailed(lost: number): void;
}

const CONNECTORS: ReadonlySet<string> = new Set(CONNECTOR_IDS);

export function createEngineMetrics(deps: { report: () => Pick<HealthReport, 'connectors'> }): EngineMetrics {
  const registry = new Registry();
  // One report per scrape, shared by the three gauges that read it.
  let scrape: Promise<Pick<HealthReport, 'connectors'>> | undefined;
  const current = () => (scrape ??= Promise.resolve().then(deps.report));

  new Gauge({
    name: 'casebridge_jobs',
    help: 'Jobs in the queue by connector and state.',
    labelNames: ['connector', 'state'] as const,
    registers: [registry],
    async collect() {
      const { connectors } = await current();
      for (const connector of CONNECTOR_IDS) for (const state of JOB_STATES) this.set({ connector, state }, connectors[connector].jobs[state]);
    },
  });
  new Gauge({
    name: 'casebridge_queue_lag_seconds',
    help: 'How long the oldest job that is due has waited to be sent, by connector (0 when none is due).',
    labelNames: ['connector'] as const,
    registers: [registry],
    async collect() {
      const { connectors } = await current();
      for (const connector of CONNECTOR_IDS) this.set({ connector }, connectors[connector].queueLagSeconds);
    },
  });
  new Gauge({
    name: 'casebridge_circuit_breaker_state',
    help: 'Each connector circuit breaker: 0 closed (sending), 1 probing, 2 open (unreachable), 3 paused by hand.',
    labelNames: ['connector'] as const,
    registers: [registry],
    async collect() {
      const { connectors } = await current();
      for (const connector of CONNECTOR_IDS) this.set({ connector }, BREAKER_VALUES[connectors[connector].breaker]);
    },
  });
  const attempts = new Counter({
    name: 'casebridge_job_attempts_total',
    help: 'Attempts to send a job, by connector, outcome and error class (none for a success).',
    labelNames: ['connector', 'outcome', 'error_class'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'casebridge_job_attempt_duration_seconds',
    help: 'How long each attempt took, by connector and outcome.',
    labelNames: ['connector', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const webhook = new Counter({
    name: 'casebridge_webhook_requests_total',
    help: 'Requests the case-intake listener answered, by HTTP status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const logFailures = new Counter({
    name: 'casebridge_log_write_failures_total',
    help: 'Log entries that could not be stored (and are lost).',
    registers: [registry],
  });
  for (const connector of CONNECTOR_IDS) attempts.inc({ connector, outcome: 'succeeded', error_class: 'none' }, 0);
  logFailures.inc(0);

  return {
    contentType: registry.contentType,
    async render() {
      try {
        return await registry.metrics();
      } finally {
        scrape = undefined;
      }
    },
    heard(entry) {
      if (!entry.outcome || !CONNECTORS.has(entry.source)) return;
      const connector = entry.source as ConnectorId;
      attempts.inc({ connector, outcome: entry.outcome, error_class: entry.errorClass ?? 'none' });
      if (entry.durationMs !== undefined) durations.observe({ connector, outcome: entry.outcome }, entry.durationMs / 1000);
    },
    webhookAnswered: (status) => webhook.inc({ status: String(status) }),
    logWriteFailed: (lost) => logFailures.inc(lost),
  };
}
