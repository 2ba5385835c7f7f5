import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { loadTls } from '../../../electron/host/tls';
import { parsePrometheusText, sampleValue } from '../../support/prometheus-text';
import { refuseLogWrites } from '../../support/store-damage';
import { startTestEngine, type TestEngine } from '../../support/engine';

let t: TestEngine | undefined;
let host: RunningHost | undefined;
afterEach(async () => {
  await host?.close();
  await t?.dispose();
  host = t = undefined;
});

const METRICS_TOKEN = 'a-metrics-token-for-the-scraper-0001';

async function start(options: { metricsToken?: string; engine?: (e: TestEngine['engine']) => TestEngine['engine'] } = {}) {
  t = startTestEngine();
  const rendererDir = join(t.dataDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>casebridge</title>');
  const engine = options.engine ? options.engine(t.engine) : t.engine;
  host = await startHost({ engine, rendererDir, host: '127.0.0.1', port: 0, ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}) });
  return host;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host!.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe("the host's /healthz", () => {
  it('answers 200 with the state of the store, each connector and the disk, to anyone, naming no path', async () => {
    await start();
    const answer = await get('/healthz');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    const report = JSON.parse(answer.body);
    expect(report).toMatchObject({ status: 'ok', reasons: [], store: { open: true, alarms: [] }, log: { writeFailing: false } });
    expect(Object.keys(report.connectors).sort()).toEqual(['civica-cx', 'tascomi']);
    expect(report.connectors.tascomi).toMatchObject({ paused: false, breaker: 'closed', queueLagSeconds: 0, jobs: { queued: 0 } });
    expect(report.disk.freeBytes).toBeGreaterThan(0);
    expect(answer.body).not.toContain(t!.dataDir);
  });

  it('answers 503 when the engine is failing (log entries being lost)', async () => {
    await start();
    refuseLogWrites(join(t!.dataDir, 'casebridge.sqlite'));
    t!.engine.log.write({ level: 'info', source: 'engine', message: 'An entry the disk refuses.' });
    t!.engine.log.flush();
    const answer = await get('/healthz');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'failing', reasons: ['alarm log-write-failed'], log: { writeFailing: true } });
    expect(answer.body).not.toContain('disk I/O error');
  });

  it('answers 503 with a reason when the report cannot be built', async () => {
    await start({
      engine: (engine) => ({
        ...engine,
        monitoring: {
          ...engine.monitoring,
          report: () => {
            throw new Error('disk on fire');
          },
        },
      }),
    });
    const answer = await get('/healthz');
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({ status: 'failing', reasons: ['the health report could not be built'] });
  });

  it('takes only GET', async () => {
    await start();
    const answer = await get('/healthz', {}, 'POST');
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET');
  });
});

describe("the host's /metrics", () => {
  it('serves the Prometheus text format to this machine, parsed strictly', async () => {
    await start();
    const answer = await get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(answer.body);
    expect([...families.keys()].sort()).toEqual([
      'casebridge_circuit_breaker_state',
      'casebridge_job_attempt_duration_seconds',
      'casebridge_job_attempts_total',
      'casebridge_jobs',
      'casebridge_log_write_failures_total',
      'casebridge_queue_lag_seconds',
      'casebridge_webhook_requests_total',
    ]);
    expect(families.get('casebridge_jobs')!.type).toBe('gauge');
    expect(families.get('casebridge_jobs')!.samples).toHaveLength(12);
    expect(sampleValue(families, 'casebridge_circuit_breaker_state', { connector: 'civica-cx' })).toBe(0);
    expect(sampleValue(families, 'casebridge_log_write_failures_total')).toBe(0);
  });

  it('refuses a request that names another server (a web page reaching 127.0.0.1 through its own name)', async () => {
    await start();
    const answer = await get('/metrics', { host: 'attacker.example:80' });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('--metrics-token-file');
  });

  it('with a metrics token, wants it as a bearer token', async () => {
    await start({ metricsToken: METRICS_TOKEN });
    const none = await get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="casebridge metrics"');
    expect((await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}x` })).status).toBe(401);
    expect((await get('/metrics', { authorization: `Basic ${METRICS_TOKEN}` })).status).toBe(401);
    const right = await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}`, host: 'casebridge.council.example' });
    expect(right.status).toBe(200);
    expect(parsePrometheusText(right.body).has('casebridge_jobs')).toBe(true);
  });
});

describe('on an accounts server (HTTPS)', () => {
  function getTls(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port: host!.port, path, headers, rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }
  async function startAccounts(metricsToken?: string) {
    t = startTestEngine();
    const rendererDir = join(t.dataDir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>casebridge</title>');
    const tls = await loadTls({ kind: 'self-signed' }, { dataDir: t.dataDir, bindHost: '127.0.0.1', now: new Date(t.clock.millis()) });
    host = await startHost({ engine: t.engine, rendererDir, host: '127.0.0.1', port: 0, tls, ...(metricsToken ? { metricsToken } : {}) });
  }

  it('answers /healthz without sign-in, while the console itself wants one', async () => {
    await startAccounts();
    expect(host!.signIn).toBe('accounts');
    const health = await getTls('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).status).toBe('ok');
    expect((await getTls('/auth/state')).body).toContain('"signedIn":false');
  });

  it('serves /metrics to this machine without a token, and wants the token once one is set', async () => {
    await startAccounts();
    expect((await getTls('/metrics')).status).toBe(200);
    await host!.close();
    await t!.dispose();
    await startAccounts(METRICS_TOKEN);
    expect((await getTls('/metrics')).status).toBe(401);
    const scraped = await getTls('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(scraped.status).toBe(200);
    expect(parsePrometheusText(scraped.body).has('casebridge_job_attempts_total')).toBe(true);
  });
});

describe('the strict Prometheus text parser', () => {
  const good = '# HELP x_total Things.\n# TYPE x_total counter\nx_total{a="1"} 3\n';
  it('reads a well-formed exposition', () => {
    expect(sampleValue(parsePrometheusText(good), 'x_total', { a: '1' })).toBe(3);
  });
  it.each([
    ['a sample of no declared family', 'y 1\n'],
    ['a value that is not a number', '# TYPE x gauge\nx one\n'],
    ['an unquoted label value', '# TYPE x gauge\nx{a=1} 1\n'],
    ['an unclosed label value', '# TYPE x gauge\nx{a="1} 1\n'],
    ['a bad escape', '# TYPE x gauge\nx{a="\\t"} 1\n'],
    ['a series twice', '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n'],
    ['a family declared twice', '# TYPE x gauge\n# TYPE x gauge\n'],
    ['an unknown type', '# TYPE x thing\n'],
    ['a malformed TYPE line', '# TYPE\n'],
    ['a missing line break at the end', '# TYPE x gauge\nx 1'],
    ['a line that is nothing', '# TYPE x gauge\n{a="1"} 1\n'],
    ['two spaces before the value', '# TYPE x gauge\nx  1\n'],
    ['buckets that are not cumulative', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n'],
    ['a histogram with no +Inf bucket', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ['a _count unlike the +Inf bucket', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n'],
  ])('rejects %s', (_why, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
