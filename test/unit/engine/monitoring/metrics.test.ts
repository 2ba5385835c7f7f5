import { afterEach, describe, expect, it } from 'vitest';
import { JOB_STATES } from '../../../../shared/domain/job';
import { createCircuitBreaker } from '../../../../electron/engine/jobs/circuit-breaker';
import { createWorker } from '../../../../electron/engine/jobs/worker';
import { createEngineMetrics } from '../../../../electron/engine/monitoring/metrics';
import type { ConnectorHealth, HealthReport } from '../../../../electron/engine/monitoring/health-report';
import { parsePrometheusText, sampleValue } from '../../../support/prometheus-text';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { cleanupHarnesses, connectorError, queueHarness } from '../jobs/helpers';
import type { OutgoingRow, Template } from '../../../../shared/domain/template';
import { DEFAULT_RATE_LIMIT } from '../../../../shared/domain/rate-limit';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';

afterEach(cleanupHarnesses);

const idle = (over: Partial<ConnectorHealth> = {}): ConnectorHealth => ({
  paused: false,
  breaker: 'closed',
  jobs: Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as ConnectorHealth['jobs'],
  queueLagSeconds: 0,
  ...over,
});
const report =
  (connectors: Partial<HealthReport['connectors']> = {}) =>
  () => ({ connectors: { tascomi: idle(), 'civica-cx': idle(), ...connectors } });

describe('the engine metrics', () => {
  it("after one job succeeds and one fails, counts the worker's attempts by outcome and error class, with their durations", async () => {
    const metrics = createEngineMetrics({ report: report() });
    const h = queueHarness();
    const ok = h.queue.enqueue(h.job({ caseId: 'CRM-1' })).id;
    const bad = h.queue.enqueue(h.job({ caseId: 'CRM-2' })).id;
    const worker = createWorker({
      queue: h.queue,
      breaker: createCircuitBreaker(h.clock),
      clock: h.clock,
      connector: 'tascomi',
      concurrency: 1,
      leaseMs: 60_000,
      // The log entries the worker writes, as the engine's log event carries them.
      log: (entry) => metrics.heard(entry),
      async execute(job) {
        if (job.id === ok) {
          h.clock.advance(300);
          return { result: 'SR-1' };
        }
        h.clock.advance(4_000);
        throw connectorError({ kind: 'validation', mayHaveApplied: false, message: 'bad field' });
      },
    });
    await worker.runUntilIdle();
    expect(h.queue.get(ok)!.state).toBe('succeeded');
    expect(h.queue.get(bad)!.state).toBe('failed');

    const families = parsePrometheusText(await metrics.render());
    expect(families.get('casebridge_job_attempts_total')!.type).toBe('counter');
    expect(sampleValue(families, 'casebridge_job_attempts_total', { connector: 'tascomi', outcome: 'succeeded', error_class: 'none' })).toBe(1);
    const failure = h.queue.get(bad)!.lastErrorClass!;
    expect(sampleValue(families, 'casebridge_job_attempts_total', { connector: 'tascomi', outcome: 'failed', error_class: failure })).toBe(1);
    expect(sampleValue(families, 'casebridge_job_attempts_total', { connector: 'civica-cx', outcome: 'succeeded', error_class: 'none' })).toBe(0);

    const hist = (name: string, labels: Record<string, string>) => sampleValue(families, `casebridge_job_attempt_duration_seconds_${name}`, labels);
    expect(families.get('casebridge_job_attempt_duration_seconds')!.type).toBe('histogram');
    expect(hist('count', { connector: 'tascomi', outcome: 'succeeded' })).toBe(1);
    expect(hist('sum', { connector: 'tascomi', outcome: 'succeeded' })).toBeCloseTo(0.3);
    expect(hist('bucket', { connector: 'tascomi', outcome: 'succeeded', le: '0.25' })).toBe(0);
    expect(hist('bucket', { connector: 'tascomi', outcome: 'succeeded', le: '0.5' })).toBe(1);
    expect(hist('sum', { connector: 'tascomi', outcome: 'failed' })).toBeCloseTo(4);
    expect(hist('bucket', { connector: 'tascomi', outcome: 'failed', le: '2.5' })).toBe(0);
    expect(hist('bucket', { connector: 'tascomi', outcome: 'failed', le: '5' })).toBe(1);
  });

  it('ignores log entries that are not an attempt of a connector', async () => {
    const metrics = createEngineMetrics({ report: report() });
    metrics.heard({ source: 'webhook', outcome: 'succeeded' });
    metrics.heard({ source: 'tascomi' });
    const families = parsePrometheusText(await metrics.render());
    expect(families.get('casebridge_job_attempts_total')!.samples.map((s) => s.value)).toEqual([0, 0]);
  });

  it('reads jobs, queue lag and breakers at scrape time; counts webhook answers and lost log entries', async () => {
    let lag = 12;
    const metrics = createEngineMetrics({
      report: () =>
        report({
          tascomi: idle({ breaker: 'open', queueLagSeconds: lag, jobs: { ...idle().jobs, queued: 7, dead: 2 } }),
          'civica-cx': idle({ breaker: 'paused', paused: true }),
        })(),
    });
    metrics.webhookAnswered(202);
    metrics.webhookAnswered(202);
    metrics.webhookAnswered(401);
    metrics.logWriteFailed(3);
    let families = parsePrometheusText(await metrics.render());
    expect(sampleValue(families, 'casebridge_jobs', { connector: 'tascomi', state: 'queued' })).toBe(7);
    expect(sampleValue(families, 'casebridge_jobs', { connector: 'tascomi', state: 'dead' })).toBe(2);
    expect(sampleValue(families, 'casebridge_jobs', { connector: 'civica-cx', state: 'queued' })).toBe(0);
    expect(sampleValue(families, 'casebridge_queue_lag_seconds', { connector: 'tascomi' })).toBe(12);
    expect(sampleValue(families, 'casebridge_circuit_breaker_state', { connector: 'tascomi' })).toBe(2);
    expect(sampleValue(families, 'casebridge_circuit_breaker_state', { connector: 'civica-cx' })).toBe(3);
    expect(sampleValue(families, 'casebridge_webhook_requests_total', { status: '202' })).toBe(2);
    expect(sampleValue(families, 'casebridge_webhook_requests_total', { status: '401' })).toBe(1);
    expect(sampleValue(families, 'casebridge_log_write_failures_total')).toBe(3);
    lag = 30;
    families = parsePrometheusText(await metrics.render());
    expect(sampleValue(families, 'casebridge_queue_lag_seconds', { connector: 'tascomi' })).toBe(30);
  });

  it("keeps each engine's metrics apart (no global registry)", async () => {
    const a = createEngineMetrics({ report: report() });
    const b = createEngineMetrics({ report: report() });
    a.logWriteFailed(5);
    expect(sampleValue(parsePrometheusText(await b.render()), 'casebridge_log_write_failures_total')).toBe(0);
  });
});

describe("a real engine's metrics, fed by its log", () => {
  let t: TestEngine | undefined;
  let emulator: TascomiEmulator | undefined;
  afterEach(async () => {
    await t?.dispose();
    await emulator?.close();
    t = emulator = undefined;
  });

  const row = (id: string, key: string, source: OutgoingRow['source']): OutgoingRow => ({ id, target: { kind: 'schema', key }, source });
  const text = (value: string) => ({ kind: 'text', value }) as const;
  const field = (name: string) => ({ kind: 'field', field: name }) as const;

  it('after a case is sent and another is refused by Tascomi, counts both attempts and the jobs by state', async () => {
    t = startTestEngine();
    t.clock.set('2026-06-15T10:00:20.000Z');
    const clock = t.clock;
    emulator = await startTascomiEmulator({ now: () => clock.now().toMillis(), seed: 1 });
    const { handlers } = t.engine;
    await handlers.saveTascomiSettings({
      enabled: true,
      baseUrl: emulator.baseUrl,
      ...DEMO_KEYS,
      timeZone: 'Europe/London',
      streetRecordText: 'STREET RECORD',
      codeListTtlSeconds: 3600,
      rateLimit: DEFAULT_RATE_LIMIT,
    });
    await handlers.createReference({ name: 'SR number' });
    const save = async (name: string, code: OutgoingRow['source']) =>
      (await handlers.saveTemplate({
        draft: {
          name,
          connector: 'tascomi',
          type: 'create',
          reference: 'SR number',
          rows: [
            row('cf', 'core_function', text('SS')),
            row('rc', 'request_code', code),
            row('io', 'investigating_officer', text('pshah')),
            row('ds', 'description', field('description')),
          ],
        },
      })) as Template;
    const good = await save('Fly-tipping create', text('FLYTIP'));
    const unknownCode = await save('Noise create', field('noise_code'));
    await handlers.createRule({ name: 'Fly-tipping', caseType: 'Fly-tipping report', on: 'created', templateId: good.id });
    await handlers.createRule({ name: 'Noise', caseType: 'Noise complaint', on: 'created', templateId: unknownCode.id });
    const base = { status: 'Submitted', fields: { description: 'Bags behind the garages' }, dates: { reported: '2026-06-15T09:00:00+01:00' } };
    expect(t.engine.intake.receive({ ...base, id: 'FT-1', type: 'Fly-tipping report' })).toMatchObject({ ok: true });
    expect(t.engine.intake.receive({ ...base, id: 'NZ-1', type: 'Noise complaint', fields: { ...base.fields, noise_code: 'NOPE' } })).toMatchObject({ ok: true });

    let families = parsePrometheusText(await t.engine.monitoring.metrics.render());
    expect(sampleValue(families, 'casebridge_jobs', { connector: 'tascomi', state: 'queued' })).toBe(2);
    await t.engine.jobs.runUntilIdle();
    t.engine.log.flush();

    families = parsePrometheusText(await t.engine.monitoring.metrics.render());
    expect(sampleValue(families, 'casebridge_jobs', { connector: 'tascomi', state: 'succeeded' })).toBe(1);
    expect(sampleValue(families, 'casebridge_jobs', { connector: 'tascomi', state: 'queued' })).toBe(0);
    expect(sampleValue(families, 'casebridge_job_attempts_total', { connector: 'tascomi', outcome: 'succeeded', error_class: 'none' })).toBe(1);
    const failures = families.get('casebridge_job_attempts_total')!.samples.filter((s) => s.labels.outcome !== 'succeeded');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((s) => s.labels.connector === 'tascomi' && s.labels.error_class !== 'none' && s.value >= 1)).toBe(true);
    expect(sampleValue(families, 'casebridge_job_attempt_duration_seconds_count', { connector: 'tascomi', outcome: 'succeeded' })).toBe(1);
    expect(t.engine.monitoring.report().status).toBe('ok');
  });
});
