/**
 * The retry monitor, as support staff use it while Tascomi has a bad day. Tascomi (the emulator, in
 * its own process) starts failing every request: a case sent to it shows on the Jobs page as
 * retrying, with attempts used, a countdown and the error; Tascomi recovers and the job succeeds,
 * without a reload. Then jobs run out of attempts (one attempt each while Tascomi fails): filtered to
 * dead (the filter survives a reload), retried in bulk after the dialog shows the exact count; when
 * another job dies meanwhile the engine refuses the old count, the new one is shown and confirmed,
 * and every job succeeds. The chart and the log tell the same story.
 *
 * A second story: a job waiting in a paused queue is cancelled and retried from its row.
 *
 * Setup the page does not need to show (a template, cases, short retry waits) goes through the
 * host's contract, as a colleague's console would.
 */
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { caseHeading, connectTascomi } from './support/cases';
import { expect, openConsole, test, useHostPerFile } from './support/console';
import { jobFilters, jobRow, jobRows, openJobs, queueCount, tascomiQueue } from './support/jobs';
import { flyTippingCreateDraft } from '../support/fly-tipping-template';
import { tascomiSettingsFor } from '../support/connector-settings';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
let contract: HostContractClient;
let templateId: number;
test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess(['--seed', '7']);
  contract = await connectToHost(host());
  templateId = await templateAndCases();
});
test.afterAll(async () => {
  contract?.close();
  await tascomi?.stop();
});
test.use({ viewport: { width: 1400, height: 1000 } });
test.setTimeout(60_000);

const CASES = ['E2E-RM-1', 'E2E-RM-2', 'E2E-RM-3', 'E2E-RM-4', 'E2E-RM-5'];

/** A create template the emulator accepts (fixed codes, the description from the case), and the cases. */
async function templateAndCases(): Promise<number> {
  await contract.call('createReference', { name: 'SR number' });
  const template = await contract.call('saveTemplate', {
    draft: flyTippingCreateDraft(),
  });
  const cases = CASES.map((id, i) => ({
    id,
    type: 'Fly-tipping report',
    status: 'Submitted',
    fields: { description: `Bags dumped behind garage block ${i + 1}` },
    dates: { reported: '2026-06-15T09:00:00+01:00' },
  }));
  const receipts = await contract.call('importCases', { content: JSON.stringify(cases) });
  expect(receipts).toHaveLength(CASES.length);
  return template.id;
}

const retrySettings = (maxAttempts: number, backoffBaseSeconds = 0.1, backoffCapSeconds = 1) =>
  contract.call('saveJobSettings', { connector: 'tascomi', settings: { concurrency: 4, maxAttempts, backoffBaseSeconds, backoffCapSeconds } });

test('a failing job is seen retrying and then succeeding; dead jobs are retried in bulk after seeing the exact count', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectTascomi(page, tascomi);
  // Waits of up to 2-3 s (full jitter): long enough for the row to be seen waiting between two
  // attempts on a busy machine (with waits under a second it was seen running seven times in a row).
  await retrySettings(50, 2, 3);
  await openJobs(page);
  await expect(page.getByText('No jobs yet')).toBeVisible();

  // Tascomi fails every request; a colleague sends a case.
  await tascomi.admin('/faults', { errorRate: 1 });
  const first = await contract.call('applyTemplate', { caseId: 'E2E-RM-1', templateId });
  const row = jobRow(page, first.id);
  await expect(row.getByRole('button', { name: 'Open case E2E-RM-1' })).toBeVisible();
  await expect(row).toContainText('Fly-tipping create v1, create');
  // The row is seen between two attempts.
  await expect(row).toContainText(/retrying\s*Queued by \S.*, \d\d:\d\d\s*[1-9]\d* of 50\s*(in \d+:\d\d|due now)/);
  await expect(row).toContainText(/Tascomi had a problem answering \(HTTP 50\d\)/);
  await expect(row).toContainText('Server error (5xx)');
  await expect(await queueCount(page, 'Retrying')).toContainText(/^1next (in \d+:\d\d|due now)$/);

  // Tascomi recovers: the same row, without a reload, ends succeeded.
  await tascomi.admin('/faults/clear', {});
  await expect(row).toContainText('succeeded');
  await expect(row.getByRole('button', { name: /^(Retry|Cancel) job/ })).toHaveCount(0); // nothing to retry or cancel
  await expect(await queueCount(page, 'Succeeded today')).toHaveText('1');
  const chart = page.getByRole('region', { name: 'Outcomes, last 12 hours' });
  await expect(chart).toContainText(/Attempts in the last 12 hours: 1 succeeded, [1-9]\d* will retry, 0 failed, 0 dead\./);

  // One attempt per job while Tascomi fails: three jobs die at once.
  await retrySettings(1);
  await tascomi.admin('/faults', { errorRate: 1 });
  const doomed = [];
  for (const caseId of ['E2E-RM-2', 'E2E-RM-3', 'E2E-RM-4']) doomed.push((await contract.call('applyTemplate', { caseId, templateId })).id);
  for (const id of doomed) await expect(jobRow(page, id)).toContainText(/dead\s*Queued by \S.*, \d\d:\d\d\s*1 of 1/);
  await expect(await queueCount(page, 'Dead')).toHaveText('3');

  // Filtered to dead: the address carries it, so a reload shows the same view.
  await jobFilters(page).getByRole('combobox', { name: 'State', exact: true }).click();
  await page.getByRole('option', { name: 'Dead', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(jobRows(page)).toHaveCount(3);
  expect(new URL(page.url()).hash).toBe('#/jobs?state=dead');
  await page.reload();
  await expect(jobRows(page)).toHaveCount(3);
  await expect(jobFilters(page).getByRole('combobox', { name: 'State', exact: true })).toHaveAccessibleDescription('Chosen: Dead');
  await expect(jobRow(page, first.id)).toHaveCount(0);

  // Bulk retry: the dialog shows the exact count before anything runs.
  await page.getByRole('button', { name: 'Retry all 3 failed/dead jobs in this view' }).click();
  const dialog = page.getByRole('dialog', { name: 'Retry failed and dead jobs' });
  await expect(dialog.getByRole('status')).toHaveText('3 jobs will be queued again now, each with a fresh set of attempts.');
  await expect(dialog).not.toContainText('failed validation'); // server errors, not validation: no warning

  // Meanwhile one more job dies: the count the person saw is no longer true, so the engine refuses it.
  const late = (await contract.call('applyTemplate', { caseId: 'E2E-RM-5', templateId })).id;
  await expect.poll(() => contract.call('countJobs', { filter: { states: ['dead'] } })).toBe(4);
  await tascomi.admin('/faults/clear', {});
  await dialog.getByRole('button', { name: 'Retry 3 jobs' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Nothing was retried: this view had 3 jobs to retry and now has 4 jobs.');
  await dialog.getByRole('button', { name: 'Retry 4 jobs' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status', { name: 'Job action' })).toContainText('4 jobs queued again.');

  // They stay in view (marked as no longer dead) and succeed, live.
  for (const id of [...doomed, late]) {
    await expect(jobRow(page, id)).toContainText(/succeeded\s*Retried by \S.*, \d\d:\d\d\s*no longer matches the filter/);
  }
  await expect(page.getByRole('button', { name: 'No failed or dead jobs to retry in this view' })).toBeDisabled();
  await expect(page.getByText('0 jobs match these filters. 4 shown have changed since and no longer match.')).toBeVisible();
  await expect(await queueCount(page, 'Dead')).toHaveText('0');
  await expect(await queueCount(page, 'Succeeded today')).toHaveText('5');

  // The bulk retry is in the log, with who did it.
  const log = await contract.call('queryLog', { filter: { sources: ['jobs'], text: 'Bulk retry' }, limit: 10 });
  expect(log.rows.map((r) => r.message)).toEqual([expect.stringMatching(/^Bulk retry by .+: 4 of 4 failed or dead job\(s\) queued again/)]);
  // A long error is cut short on its row; the whole of it is a press away.
  await expect(jobRow(page, late)).not.toContainText('contact Tascomi support');
  await jobRow(page, late)
    .getByRole('button', { name: `Show all of job ${late}'s error` })
    .click();
  await expect(jobRow(page, late)).toContainText(/Before it succeeded: Tascomi had a problem answering .* It will be retried; if it lasts, contact Tascomi support\./);
  await page.screenshot({ path: '/tmp/retry-monitor.png', fullPage: true });

  // From a job to its case, with everything about it.
  await jobRow(page, late).getByRole('button', { name: 'Open case E2E-RM-5' }).click();
  await expect(caseHeading(page, 'E2E-RM-5')).toBeVisible();
});

test('a waiting job is cancelled and retried by hand from its row, and both are logged with who did it', async ({ page }) => {
  // As the first test's officer left it (saved here too, so this test also runs alone).
  await contract.call('saveTascomiSettings', { ...tascomiSettingsFor(tascomi), codeListTtlSeconds: 3600 });
  await tascomi.admin('/faults/clear', {});
  await retrySettings(3);
  await openConsole(page, host().consoleUrl);
  await openJobs(page);
  // Paused, so the job waits where the person can act on it.
  await tascomiQueue(page).getByRole('button', { name: 'Pause' }).click();
  await expect(tascomiQueue(page).getByLabel(/^Queue state:/)).toHaveText('Paused');
  const job = await contract.call('applyTemplate', { caseId: 'E2E-RM-2', templateId });

  // The queue card's count opens the list of those jobs.
  await tascomiQueue(page).getByRole('button', { name: '1 queued: show these jobs' }).click();
  expect(new URL(page.url()).hash).toBe('#/jobs?state=queued&connector=tascomi');
  await expect(jobRows(page)).toHaveCount(1);
  const row = jobRow(page, job.id);
  await expect(row).toContainText(/queued\s*Queued by \S.*, \d\d:\d\d\s*0 of 3/);

  await row.getByRole('button', { name: `Cancel job ${job.id}` }).click();
  await page
    .getByRole('dialog', { name: `Cancel job ${job.id}?` })
    .getByRole('button', { name: `Cancel job ${job.id}` })
    .click();
  await expect(page.getByRole('status', { name: 'Job action' })).toContainText(`Job ${job.id} cancelled: it will not be sent unless retried.`);
  await expect(row).toContainText(/cancelled\s*Cancelled by \S.*, \d\d:\d\d\s*no longer matches the filter\s*0 of 3/);
  await expect(row.getByRole('button', { name: `Cancel job ${job.id}` })).toHaveCount(0);

  await row.getByRole('button', { name: `Retry now: job ${job.id}` }).click();
  await expect(page.getByRole('status', { name: 'Job action' })).toContainText(`Job ${job.id} retried: queued now with 3 attempt(s).`);
  await expect(row).toContainText(/queued\s*Retried by \S.*, \d\d:\d\d\s*0 of 3/);

  await tascomiQueue(page).getByRole('button', { name: 'Resume' }).click();
  await expect(row).toContainText('succeeded');

  const log = await contract.call('queryLog', { filter: { jobId: job.id, sources: ['jobs'] }, limit: 10 });
  const messages = log.rows.map((r) => r.message);
  expect(messages).toContainEqual(expect.stringMatching(new RegExp(`^Job ${job.id} cancelled by \\S`)));
  expect(messages).toContainEqual(expect.stringMatching(new RegExp(`^Job ${job.id} retried by \\S`)));
});
