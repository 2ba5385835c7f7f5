/**
 * Who acted, as support staff see it. On the Log page the Person filter narrows the log to one
 * person's entries (in token mode the person at this console: "<user> (browser console of the
 * headless host)"), leaving out the engine's own (a failed attempt), and survives a reload; an
 * entry opened says who it was by. On the Jobs page, Retry now puts "Retried by <person>, <time>"
 * under the job's state, on this console and at once on another one watching the same engine; the
 * attempt that fails again afterwards keeps it.
 *
 * Tascomi is the emulator in its own process; it refuses the job's write (a validation failure).
 */
import type { Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { expect, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { jobRow, openJobs } from './support/jobs';
import { entryDrawer, failTascomiJob, logFilters, logRowWith, matchingCount, openLogPage } from './support/log';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
let contract: HostContractClient;
let failed: { jobId: number; caseId: string };
/** The person at this console, as records name them. */
let me: string;

test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess(['--seed', '18']);
  contract = await connectToHost(host());
  failed = await failTascomiJob(contract, tascomi);
  me = (await contract.call('whoAmI')).name;
});
test.afterAll(async () => {
  contract?.close();
  await tascomi?.stop();
});
test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(60_000);

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const personFilter = (page: Page) => logFilters(page).getByRole('combobox', { name: 'Person', exact: true });

test('the Person filter narrows the log to what one person did, leaves out the engine’s own entries, and survives a reload', async ({ page }) => {
  expect(me).toMatch(/ \(browser console of the headless host\)$/);
  await openLogPage(page, host().consoleUrl);
  const engineAttempt = logRowWith(page, /failed \[validation\]/).filter({ hasText: `${failed.jobId} / 1` });
  const queuedByHand = logRowWith(page, `Job ${failed.jobId} queued:`);
  await expect(engineAttempt).toHaveCount(1);
  await expect(queuedByHand).toHaveCount(1);
  const everything = await matchingCount(page).textContent();

  await personFilter(page).click();
  await page.getByRole('option', { name: me, exact: true }).click();
  await expect(personFilter(page)).toHaveValue(me);
  await expect(engineAttempt).toHaveCount(0);
  await expect(queuedByHand).toHaveCount(1);
  await expect(queuedByHand).toContainText(`by hand by ${me}`);
  await expect(matchingCount(page)).not.toHaveText(everything!);
  await expect(page).toHaveURL(new RegExp(`#/log\\?person=${escaped(new URLSearchParams({ p: me }).toString().slice(2))}$`));
  await page.screenshot({ path: '/tmp/who-acted-log-light.png' });

  // A call made now is this person's too: it arrives live in the narrowed view.
  await contract.call('submitCase', { case: { id: 'WHO-1', type: 'Noise complaint', fields: { description: 'Music from flat 1' } } });
  await expect(logRowWith(page, 'Test case WHO-1 entered in the console')).toHaveCount(1);

  await page.reload();
  await expect(pageHeading(page, 'Log')).toBeVisible();
  await expect(personFilter(page)).toHaveValue(me);
  await expect(queuedByHand).toHaveCount(1);
  await expect(engineAttempt).toHaveCount(0);

  await queuedByHand.focus();
  await page.keyboard.press('Enter');
  await expect(entryDrawer(page)).toContainText(`by ${me}`);
  await contract.call('setPreferences', { theme: 'dark' });
  await page.screenshot({ path: '/tmp/who-acted-log-dark.png' });
  await contract.call('setPreferences', { theme: 'light' });
  await page.keyboard.press('Escape');

  // Cleared, the engine's own entries are back.
  await personFilter(page).focus();
  await logFilters(page).getByRole('button', { name: 'Clear filters' }).click();
  await expect(engineAttempt).toHaveCount(1);
  await expect(matchingCount(page)).not.toHaveText(everything!); // one more: the test case above
});

test('Retry now shows who retried the job and when, here and at once on another console; the attempt that fails again keeps it', async ({ page, context }) => {
  const other = await context.newPage();
  await openConsole(other, `${host().consoleUrl}`);
  await openJobs(other);
  await openConsole(page, host().consoleUrl);
  await openJobs(page);
  const row = jobRow(page, failed.jobId);
  await expect(row).toContainText('failed');
  await expect(row).not.toContainText('Retried by');

  // Tascomi still refuses the remarks: the retry is warned about, made anyway, and fails again.
  await row.getByRole('button', { name: `Retry now: job ${failed.jobId}` }).click();
  await page
    .getByRole('dialog', { name: `Retry job ${failed.jobId}?` })
    .getByRole('button', { name: `Retry job ${failed.jobId} anyway` })
    .click();
  const retried = new RegExp(`Retried by ${escaped(me)}, \\d\\d:\\d\\d`);
  await expect(row).toContainText(retried);
  await expect(jobRow(other, failed.jobId)).toContainText(retried);
  await expect(jobRow(other, failed.jobId)).toContainText(/2 of 11/);
  await expect(jobRow(other, failed.jobId)).toContainText(/failed\s*Retried by/);
  // The attempt the retry woke is the engine's own work: the log names nobody for it.
  const attempts = async (filter: object) => (await contract.call('queryLog', { filter: { jobId: failed.jobId, outcomes: ['failed'], ...filter }, limit: 10 })).rows.length;
  expect(await attempts({})).toBe(2);
  expect(await attempts({ person: me })).toBe(0);
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/who-acted-jobs-light.png' });

  await jobRow(other, failed.jobId)
    .getByRole('link', { name: `Open job ${failed.jobId}` })
    .click();
  const fields = other.getByRole('dialog', { name: `Job ${failed.jobId}`, exact: true }).getByRole('table', { name: 'Job fields' });
  await expect(fields.getByRole('row', { name: /^By hand/ })).toContainText(retried);
  await contract.call('setPreferences', { theme: 'dark' });
  await other.screenshot({ path: '/tmp/who-acted-job-dark.png' });
  await contract.call('setPreferences', { theme: 'light' });
});
