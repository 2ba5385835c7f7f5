/**
 * Words and times everyone meets in the console: a time looks the same on the Jobs page and the Log
 * (the log's format, in the configured zone); a failed call says what the person was doing, never a
 * call name; Tenants without Civica Cx says so and opens Connections; a connection test's result
 * comes into view at 1440x900 and goes when the address it was about changes; the header says the
 * console reaches the engine, and shows each connection's own state, each a link to Connections.
 *
 * Setup the pages do not need to show (Tascomi settings, a template, a case) goes through the host's
 * contract, as a colleague's console would.
 */
import type { Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { tascomiSettingsFor } from '../support/connector-settings';
import { flyTippingCreateDraft } from '../support/fly-tipping-template';
import { connectionStatus, expect, goToPage, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { jobRow, openJobs } from './support/jobs';
import { logRows } from './support/log';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
let contract: HostContractClient;
test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
  contract = await connectToHost(host());
});
test.afterAll(async () => {
  contract?.close();
  await tascomi?.stop();
});
test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(60_000);

const LOG_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const connectionLink = (page: Page, name: string) =>
  page
    .getByRole('banner')
    .getByRole('group', { name: 'Connections' })
    .getByRole('link', { name: new RegExp(`^${name}: `) });

test('before anything is set up, the header says the engine is connected and each connection is not set up', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await expect(connectionStatus(page)).toHaveText('Engine connected');
  await connectionStatus(page).getByText('Engine connected').hover();
  await expect(page.getByRole('tooltip')).toContainText('This console reaches the casebridge engine');
  await expect(connectionLink(page, 'Tascomi')).toHaveText('Tascomi: not set up');
  await expect(connectionLink(page, 'Civica Cx')).toHaveText('Civica Cx: not set up');
  await connectionLink(page, 'Civica Cx').click();
  await expect(pageHeading(page, 'Connections')).toBeVisible();
});

test('Tenants without Civica Cx says so, and its link opens Connections', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Tenants');
  await expect(page.getByRole('heading', { name: 'Civica Cx is not set up' })).toBeVisible();
  await expect(page.getByRole('search', { name: 'Find a tenant' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Open Connections' }).click();
  await expect(pageHeading(page, 'Connections')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Civica Cx settings' })).toBeVisible();
});

test("a failed call's message says what the person was doing, not the call's name", async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Templates');
  await page.locator('input[type=file]').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('these are notes, not a template') });
  const refusal = page.getByRole('alert').filter({ hasText: 'Not imported' });
  await expect(refusal).toContainText('Could not import the template: ');
  await expect(refusal).not.toContainText('importTemplate');
});

test("a connection test's result comes into view, and goes when the base URL changes", async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Connections');
  const form = page.getByRole('form', { name: 'Tascomi settings' });
  await form.getByLabel('API base url').fill(tascomi.baseUrl);
  await form.getByLabel('API public key').fill(tascomi.publicKey);
  await form.getByLabel('API private key').fill(tascomi.privateKey);
  // The buttons at the foot of the window, as after filling the form from the top: the result lands below them.
  const testButton = form.getByRole('button', { name: 'Test connection' });
  await testButton.evaluate((button) => button.scrollIntoView({ block: 'end' }));
  await testButton.click();
  const result = form.getByRole('table', { name: 'Connection test steps' });
  // The whole result, not just its first line under the buttons.
  await expect(form.getByRole('status').filter({ hasText: 'Test connection: the connection works' })).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'test-results/console-words-test-result.png' });

  await form.getByLabel('API base url').fill(`${tascomi.baseUrl}/`);
  await expect(result).toHaveCount(0);
});

test('a time on the Jobs page and on the Log page look the same; a failing Tascomi shows in the header', async ({ page }) => {
  const saved = await contract.call('saveTascomiSettings', tascomiSettingsFor(tascomi));
  expect(saved.saved).toBe(true);
  await contract.call('createReference', { name: 'SR number' });
  const template = await contract.call('saveTemplate', { draft: flyTippingCreateDraft() });
  await contract.call('submitCase', {
    case: { id: 'E2E-CW-1', type: 'Fly-tipping report', status: 'Submitted', fields: { description: 'Bags behind the garages' }, dates: { reported: '2026-06-15T09:00:00+01:00' } },
  });
  await openConsole(page, host().consoleUrl);
  await expect(connectionLink(page, 'Tascomi')).toHaveText('Tascomi: working');

  // Tascomi drops every connection, and retries come quickly: its breaker opens.
  await contract.call('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 1, maxAttempts: 50, backoffBaseSeconds: 0.1, backoffCapSeconds: 1 } });
  await tascomi.admin('/faults', { dropRate: 1 });
  const job = await contract.call('applyTemplate', { caseId: 'E2E-CW-1', templateId: template.id });
  await expect(connectionLink(page, 'Tascomi')).toHaveText('Tascomi: failing', { timeout: 20_000 });
  await connectionLink(page, 'Tascomi').hover();
  await expect(page.getByRole('tooltip')).toContainText(/Tascomi is failing: .* since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d (GMT|BST)/);

  // The job waits for the breaker's trial attempt: the time it runs, on the Jobs page...
  await openJobs(page);
  const countdown = jobRow(page, job.id).getByText(/^(in \d+:\d\d|due now)$/);
  await countdown.hover();
  const jobsTime = ((await page.getByRole('tooltip').filter({ hasText: /^At / }).textContent()) ?? '').replace(/^At /, '');
  expect(jobsTime).toMatch(LOG_TIME);
  // ...and the time of its attempts, on the Log page, in the same format.
  await goToPage(page, 'Log');
  const logTime = (await logRows(page).first().locator('time').textContent()) ?? '';
  expect(logTime).toMatch(LOG_TIME);
  await page.screenshot({ path: 'test-results/console-words-header.png' });

  await tascomi.admin('/faults/clear', {});
});
