/**
 * A job is a thing support staff open: the job number on the Jobs page opens it at its own address
 * (#/jobs/<id>), a reload keeps it, Back and Escape close it. It shows the case, the template by
 * name and version, the state, what the attempts count means, and every attempt with its outcome,
 * error class and the request and answer (personal details hidden). Retry now on a validation
 * failure warns that it will fail again; "See it" after a retry opens that job; Cancel asks first,
 * and the job shows Cancelled with who cancelled it.
 *
 * Tascomi is the emulator in its own process; it refuses the first job's write (a validation failure).
 */
import type { Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { expect, openConsole, test, useHostPerFile } from './support/console';
import { caseHeading, caseSection } from './support/cases';
import { jobRow, openJobs, queueCount, tascomiQueue } from './support/jobs';
import { failTascomiJob } from './support/log';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
let contract: HostContractClient;
let failed: { jobId: number; caseId: string };
test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess(['--seed', '7']);
  contract = await connectToHost(host());
  failed = await failTascomiJob(contract, tascomi);
});
test.afterAll(async () => {
  contract?.close();
  await tascomi?.stop();
});
test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(60_000);

const jobDrawer = (page: Page, id: number) => page.getByRole('dialog', { name: `Job ${id}`, exact: true });
const hash = (page: Page) => new URL(page.url()).hash;

test('the job number opens the job with its attempts; a reload keeps it open, Back and Escape close it', async ({ page }) => {
  const { jobId, caseId } = failed;
  await openConsole(page, host().consoleUrl);
  await openJobs(page);
  await jobRow(page, jobId)
    .getByRole('link', { name: `Open job ${jobId}` })
    .click();
  expect(hash(page)).toBe(`#/jobs/${jobId}`);

  const drawer = jobDrawer(page, jobId);
  const fields = drawer.getByRole('table', { name: 'Job fields' });
  await expect(fields.getByRole('row', { name: /^Case/ })).toContainText(caseId);
  await expect(fields.getByRole('row', { name: /^Template/ })).toContainText('Fly-tipping create, version 1');
  await expect(fields.getByRole('row', { name: /^State/ })).toContainText('failed');
  await expect(fields.getByRole('row', { name: /^Attempts/ })).toContainText('1 attempt used of 10 allowed.');
  await expect(fields.getByRole('row', { name: /^Next attempt/ })).toContainText('Retry now when the cause is fixed');
  await expect(fields.getByRole('row', { name: /^Last error/ })).toContainText('Remarks are not allowed today');

  const timeline = drawer.getByLabel('Attempt timeline');
  await expect(timeline).toContainText('Attempt 1');
  await expect(timeline).toContainText('failed');
  await expect(timeline).toContainText('validation');
  await expect(timeline).toContainText(/took \d/);
  await drawer.getByRole('button', { name: "Show attempt 1's request and answer" }).click();
  const request = drawer.getByRole('region', { name: 'Request of attempt 1' });
  await expect(request).toContainText(/PUT http:\/\/127\.0\.0\.1:\d+\/rest\/v1\/complaints/);
  await expect(request).toContainText('[personal:'); // the reporter's details stay hidden
  await expect(drawer.getByRole('region', { name: 'Answer to attempt 1' })).toContainText(/HTTP 4\d\d/);
  await page.screenshot({ path: '/tmp/job-detail-light.png' });

  // The attempts column says what its count means.
  await expect(jobRow(page, jobId).getByLabel('1 attempt used of 10 allowed.')).toBeAttached();

  await page.reload();
  await expect(jobDrawer(page, jobId)).toBeVisible();
  await expect(jobDrawer(page, jobId).getByLabel('Attempt timeline')).toContainText('Attempt 1');

  await page.goBack();
  await expect(jobDrawer(page, jobId)).toBeHidden();
  expect(hash(page)).toBe('#/jobs');

  // Keyboard: the link is reached and opened with Enter; Escape closes the job.
  await jobRow(page, jobId)
    .getByRole('link', { name: `Open job ${jobId}` })
    .focus();
  await page.keyboard.press('Enter');
  await expect(jobDrawer(page, jobId)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(jobDrawer(page, jobId)).toBeHidden();
  expect(hash(page)).toBe('#/jobs');
});

test('a case’s jobs table opens the job on the Jobs page', async ({ page }) => {
  const { jobId, caseId } = failed;
  await openConsole(page, host().consoleUrl);
  await openJobs(page);
  await jobRow(page, jobId)
    .getByRole('button', { name: `Open case ${caseId}` })
    .click();
  await expect(caseHeading(page, caseId)).toBeVisible();
  // In the case's jobs table the job's number is the link (its column says it is the job).
  await caseSection(page, 'Jobs')
    .getByRole('link', { name: String(jobId), exact: true })
    .click();
  expect(hash(page)).toBe(`#/jobs/${jobId}`);
  await expect(jobDrawer(page, jobId).getByLabel('Attempt timeline')).toContainText('Attempt 1');
});

test('Retry now on a validation failure warns that it will fail again; after the retry, "See it" opens the job', async ({ page }) => {
  const { jobId } = failed;
  await openConsole(page, host().consoleUrl);
  await openJobs(page);
  const row = jobRow(page, jobId);

  await row.getByRole('button', { name: `Retry now: job ${jobId}` }).click();
  const warning = page.getByRole('dialog', { name: `Retry job ${jobId}?` });
  await expect(warning).toContainText('It will fail again unless the template or the case has been changed since.');
  await warning.getByRole('button', { name: 'Do not retry' }).click();
  await expect(warning).toBeHidden();
  await expect(row).toContainText('failed'); // nothing was retried

  // The case's remarks are fixed in Tascomi's terms: the retry goes through.
  await tascomi.admin('/faults/clear', {});
  await row.getByRole('button', { name: `Retry now: job ${jobId}` }).click();
  await warning.getByRole('button', { name: `Retry job ${jobId} anyway` }).click();
  const outcome = page.getByRole('status', { name: 'Job action' });
  await expect(outcome).toContainText(`Job ${jobId} retried`);
  await outcome.getByRole('link', { name: `See it in job ${jobId}'s attempts` }).click();
  expect(hash(page)).toBe(`#/jobs/${jobId}`);

  const drawer = jobDrawer(page, jobId);
  await expect(drawer.getByLabel('Attempt timeline')).toContainText('Attempt 2');
  await expect(drawer.getByRole('table', { name: 'Job fields' }).getByRole('row', { name: /^State/ })).toContainText('succeeded');
  await expect(drawer.getByRole('table', { name: 'Job fields' }).getByRole('row', { name: /^Attempts/ })).toContainText(
    '2 attempts used of 11 allowed; 1 of those 11 was added by hand (by retries).',
  );
});

test('Cancel asks first, naming the job; the job then shows Cancelled with who cancelled it and when', async ({ page }) => {
  const { templateId } = (await contract.call('getJobDetail', { id: failed.jobId })).job;
  await contract.call('pauseQueue', { connector: 'tascomi' });
  try {
    const job = await contract.call('applyTemplate', { caseId: failed.caseId, templateId });
    await contract.call('setPreferences', { theme: 'dark' });
    await openConsole(page, `${host().consoleUrl}#/jobs/${job.id}`);
    const drawer = jobDrawer(page, job.id);
    await expect(drawer.getByRole('table', { name: 'Job fields' }).getByRole('row', { name: /^State/ })).toContainText('queued');

    await drawer.getByRole('button', { name: `Cancel job ${job.id}` }).click();
    const ask = page.getByRole('dialog', { name: `Cancel job ${job.id}?` });
    await expect(ask).toContainText(`Job ${job.id} (Fly-tipping create for case ${failed.caseId}) will not be sent.`);
    await expect(ask).toContainText('You can retry it later');
    await ask.getByRole('button', { name: 'Keep the job' }).click();
    await expect(drawer.getByRole('table', { name: 'Job fields' }).getByRole('row', { name: /^State/ })).toContainText('queued');

    await drawer.getByRole('button', { name: `Cancel job ${job.id}` }).click();
    await ask.getByRole('button', { name: `Cancel job ${job.id}` }).click();
    const state = drawer.getByRole('table', { name: 'Job fields' }).getByRole('row', { name: /^State/ });
    await expect(state).toContainText(/cancelled\s*by \S.*headless host.* at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\. It will not be sent unless retried\./);
    await expect(drawer.getByRole('button', { name: `Retry now: job ${job.id}` })).toBeVisible();
    await expect(drawer.getByRole('button', { name: `Cancel job ${job.id}` })).toHaveCount(0);
    await page.screenshot({ path: '/tmp/job-detail-dark.png' });

    await page.keyboard.press('Escape');
    await expect(jobRow(page, job.id)).toContainText(/cancelled\s*Cancelled by \S.*, \d\d:\d\d/);
    await expect(await queueCount(page, 'Cancelled')).toHaveText('1');
    await expect(tascomiQueue(page)).toBeVisible();
  } finally {
    await contract.call('resumeQueue', { connector: 'tascomi' });
    await contract.call('setPreferences', { theme: 'light' });
  }
});
