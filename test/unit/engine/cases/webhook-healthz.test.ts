/**
 * The case-intake listener answers the council's monitor at GET /healthz with the engine's health
 * report (the one the host answers with), without the webhook secret, and its answers are counted
 * by status in the engine's metrics.
 */
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { crmHeaders } from '../../../support/crm';
import { refuseLogWrites } from '../../../support/store-damage';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { parsePrometheusText, sampleValue } from '../../../support/prometheus-text';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});
const SECRET = 'a-shared-secret-for-the-crm-0001';

async function listening() {
  t = startTestEngine();
  const view = await t.engine.handlers.saveIntakeSettings({ enabled: true, host: '127.0.0.1', port: 0, toleranceSeconds: 300, secret: SECRET });
  return new URL(view.status.url!);
}

it('answers GET /healthz with the engine health report, unsigned', async () => {
  const url = await listening();
  const answer = await fetch(new URL('/healthz', url));
  expect(answer.status).toBe(200);
  const report = (await answer.json()) as Record<string, unknown>;
  expect(report).toMatchObject({ status: 'ok', store: { open: true, alarms: [] }, connectors: { tascomi: { breaker: 'closed' }, 'civica-cx': { breaker: 'closed' } } });
  expect(Object.keys(report).sort()).toEqual(Object.keys(t!.engine.monitoring.report()).sort());
  expect(JSON.stringify(report)).not.toContain(t!.dataDir);
});

it('answers 503 on /healthz while log entries are being lost, and counts them in the metrics', async () => {
  const url = await listening();
  refuseLogWrites(join(t!.dataDir, 'casebridge.sqlite'));
  t!.engine.log.write({ level: 'info', source: 'engine', message: 'An entry the disk refuses.' });
  t!.engine.log.flush();
  const answer = await fetch(new URL('/healthz', url));
  expect(answer.status).toBe(503);
  expect(await answer.json()).toMatchObject({ status: 'failing', log: { writeFailing: true } });
  const families = parsePrometheusText(await t!.engine.monitoring.metrics.render());
  expect(sampleValue(families, 'casebridge_log_write_failures_total')).toBeGreaterThanOrEqual(1);
});

it('takes only GET on /healthz, and counts every answer by status in the metrics', async () => {
  const url = await listening();
  expect((await fetch(new URL('/healthz', url), { method: 'POST' })).status).toBe(405);
  const body = JSON.stringify({ id: 'CRM-1', type: 'Fly-tipping report', status: 'Submitted', fields: {}, updatedAt: '2026-03-29T00:00:00Z' });
  expect((await fetch(new URL('/cases', url), { method: 'POST', headers: crmHeaders('a-wrong-secret-for-the-crm-00001', body, t!.clock.millis()), body })).status).toBe(401);
  expect((await fetch(new URL('/healthz', url))).status).toBe(200);
  const families = parsePrometheusText(await t!.engine.monitoring.metrics.render());
  expect(sampleValue(families, 'casebridge_webhook_requests_total', { status: '405' })).toBe(1);
  expect(sampleValue(families, 'casebridge_webhook_requests_total', { status: '401' })).toBe(1);
  expect(sampleValue(families, 'casebridge_webhook_requests_total', { status: '200' })).toBe(1);
});
