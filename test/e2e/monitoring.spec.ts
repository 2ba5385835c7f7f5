/**
 * What a council's IT officer does when setting up monitoring, against the built headless host in its
 * own process: opens /healthz in a browser and reads the state, then /metrics, which is refused
 * without the metrics token the host was started with (--metrics-token-file) and, with it, is the
 * Prometheus text a scraper reads (checked by a strict parser).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parsePrometheusText, sampleValue } from '../support/prometheus-text';
import { removeDataDir, startHostProcess, type HostProcess } from '../support/host-process';

const TOKEN = 'b7e4c1d9a2f86e3b5c0d7a9f1e2b4c6d';
let host: HostProcess | undefined;
let tokenDir: string | undefined;
test.afterEach(async () => {
  if (host) {
    await host.stop();
    removeDataDir(host.dataDir);
  }
  if (tokenDir) rmSync(tokenDir, { recursive: true, force: true });
  host = tokenDir = undefined;
});

test.use({ viewport: { width: 1440, height: 900 } });

test('an IT officer reads /healthz in a browser, and /metrics only with the metrics token', async ({ page, browser }, testInfo) => {
  tokenDir = mkdtempSync(join(tmpdir(), 'casebridge-metrics-'));
  const tokenFile = join(tokenDir, 'metrics-token');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  host = await startHostProcess({ extraArgs: ['--metrics-token-file', tokenFile] });

  const health = await page.goto(`${host.origin}/healthz`);
  expect(health!.status()).toBe(200);
  await expect(page.locator('body')).toContainText('"status":"ok"');
  await expect(page.locator('body')).toContainText('"tascomi":{"paused":false,"breaker":"closed"');
  await expect(page.locator('body')).not.toContainText(host.dataDir);
  await page.screenshot({ path: testInfo.outputPath('healthz.png') });

  const refused = await page.goto(`${host.origin}/metrics`);
  expect(refused!.status()).toBe(401);
  await expect(page.locator('body')).toContainText('The metrics need the metrics token');

  const scraper = await browser.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${TOKEN}` }, viewport: { width: 1440, height: 900 } });
  try {
    const scrape = await scraper.newPage();
    const answer = await scrape.goto(`${host.origin}/metrics`);
    expect(answer!.status()).toBe(200);
    await expect(scrape.locator('body')).toContainText('# TYPE casebridge_jobs gauge');
    const families = parsePrometheusText(await answer!.text());
    expect(sampleValue(families, 'casebridge_jobs', { connector: 'tascomi', state: 'queued' })).toBe(0);
    expect(sampleValue(families, 'casebridge_circuit_breaker_state', { connector: 'civica-cx' })).toBe(0);
    await scrape.screenshot({ path: testInfo.outputPath('metrics.png') });
  } finally {
    await scraper.close();
  }
});
