/**
 * Support staff watch the Tascomi queue on the Jobs page: they pause it (and it stays paused after a
 * reload) and resume it, tune its retry settings on Connections, with the connection's settings (a bad
 * value is refused at its field), and see that
 * a case a rule matched waits, queued, while Tascomi is not configured.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { newCreateTemplate, target, tile } from './support/templates';
import { crmHeaders } from '../support/crm';
import { connectToHost } from '../support/host-contract-client';

const host = useHostPerFile();
test.use({ viewport: { width: 1400, height: 1000 } });

const queue = (page: Page) => page.getByRole('region', { name: 'Tascomi / Idox Cloud' });
const queueState = (page: Page) => queue(page).getByLabel(/^Queue state:/);
/** The count under a state's column heading. */
async function count(page: Page, state: 'Queued' | 'Running' | 'Succeeded' | 'Failed' | 'Dead') {
  const table = queue(page).getByRole('table', { name: 'Tascomi / Idox Cloud jobs by state' });
  const headings = await table.getByRole('columnheader').allTextContents();
  return table.getByRole('row').nth(1).getByRole('cell').nth(headings.indexOf(state));
}
const settings = (page: Page) => page.getByRole('form', { name: 'Tascomi / Idox Cloud queue settings' });

async function openJobs(page: Page) {
  await navLink(page, 'Jobs').click();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  await expect(queueState(page)).toBeVisible();
}

test('the queue is paused, stays paused after a reload, and is resumed', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await openJobs(page);
  // Tascomi is not configured in this file, so an unpaused queue waits for it.
  await expect(queueState(page)).toHaveText('Waiting');
  await expect(queue(page).getByRole('button', { name: 'Resume' })).toHaveCount(0);

  await queue(page).getByRole('button', { name: 'Pause' }).click();
  await expect(queueState(page)).toHaveText('Paused');
  await expect(queue(page).getByRole('status', { name: 'Tascomi / Idox Cloud breaker' })).toHaveText(
    /^Paused since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: no attempt starts until it is resumed\./,
  );

  await page.reload();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  await expect(queueState(page)).toHaveText('Paused');

  await queue(page).getByRole('button', { name: 'Resume' }).click();
  await expect(queueState(page)).toHaveText('Waiting');
  await expect(queue(page).getByRole('status', { name: 'Tascomi / Idox Cloud breaker' })).toHaveText(/^Circuit closed/);
  await page.reload();
  await expect(queueState(page)).toHaveText('Waiting');
});

test('a part of the saved filter that is not valid is left out, and said to come from the filter saved last time', async ({ page }) => {
  const contract = await connectToHost(host());
  try {
    await contract.call('setPreferences', { jobsFilter: 'state=sleeping' });
    await openConsole(page, host().consoleUrl);
    await openJobs(page);
    const alert = page.getByRole('alert').filter({ hasText: 'Part of the filter was left out' });
    await expect(alert).toContainText("These values of the filter saved last time were not valid, so the list does not use them: state 'sleeping'.");
    // What is left (nothing) is saved in its place, so the next page opens unfiltered.
    await expect.poll(async () => (await contract.call('getPreferences', {})).jobsFilter).toBe('');
  } finally {
    contract.close();
  }
});

test('queue settings are found from the Jobs page on Connections and saved there; a longest wait shorter than the first, or no attempts at all, is refused at the field', async ({
  page,
}) => {
  await openConsole(page, host().consoleUrl);
  await openJobs(page);
  await expect(settings(page)).toHaveCount(0);
  await page.getByRole('link', { name: 'Connections, under Retries and queue' }).click();
  await expect(pageHeading(page, 'Connections')).toBeVisible();
  // With each back-office system's connection settings, under a heading people look for.
  const tascomiSection = page.getByRole('region', { name: 'Tascomi / Idox Cloud', exact: true });
  await expect(tascomiSection.getByRole('region', { name: 'Retries and queue' }).getByRole('form', { name: 'Tascomi / Idox Cloud queue settings' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Civica Cx', exact: true }).getByRole('form', { name: 'Civica Cx queue settings' })).toBeVisible();
  const form = settings(page);
  const atOnce = form.getByRole('textbox', { name: 'Attempts at once' });
  const first = form.getByRole('textbox', { name: 'First retry wait (seconds)' });
  const longest = form.getByRole('textbox', { name: 'Longest wait (seconds)' });
  const perJob = form.getByRole('textbox', { name: 'Attempts per job' });
  await expect(atOnce).toHaveValue('4'); // the defaults
  await expect(perJob).toHaveValue('10');

  await atOnce.fill('2');
  await first.fill('5');
  await longest.fill('600');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved: the next attempts use these settings.');

  await longest.fill('3');
  await perJob.fill('0');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('alert')).toHaveText('Some settings need correcting: see the marked fields.');
  await expect(longest).toHaveAccessibleDescription(/the longest wait cannot be shorter than the first/);
  await expect(longest).toHaveAttribute('aria-invalid', 'true');
  await expect(perJob).toHaveAttribute('aria-invalid', 'true');
  await expect(atOnce).not.toHaveAttribute('aria-invalid', 'true');

  await form.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('queue-settings-on-connections.png') });

  // What was refused was not stored: the saved values come back.
  await page.reload();
  await expect(settings(page).getByRole('textbox', { name: 'Attempts at once' })).toHaveValue('2');
  await expect(settings(page).getByRole('textbox', { name: 'Longest wait (seconds)' })).toHaveValue('600');
  await expect(settings(page).getByRole('textbox', { name: 'Attempts per job' })).toHaveValue('10');
});

const sample = JSON.stringify({
  ...JSON.parse(readFileSync(resolve(import.meta.dirname, '../../resources/sample-cases/fly-tipping.json'), 'utf8')),
  updatedAt: '2026-03-27T08:45:00+00:00',
});

/** Connections > Case intake: enabled on any free port with a generated secret; answers the URL and secret. */
async function startIntake(page: Page): Promise<{ url: string; secret: string }> {
  await navLink(page, 'Connections').click();
  const form = page.getByRole('form', { name: 'Case intake settings' });
  await form.getByLabel('Enabled').check();
  await form.getByLabel('Port').fill('0');
  await form.getByRole('button', { name: 'Generate' }).click();
  const secret = await form.getByRole('textbox', { name: 'Generated secret' }).inputValue();
  await form.getByRole('button', { name: 'Save' }).click();
  const status = page.getByRole('region', { name: 'Case intake status' }).getByRole('status');
  await expect(status).toHaveText(/Listening at http:\/\/127\.0\.0\.1:\d+\/cases/);
  return { url: /(http:\/\/\S+\/cases)/.exec((await status.textContent()) ?? '')![1]!, secret };
}

test('a case a rule matches is queued, and waits while Tascomi is not configured', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  const intake = await startIntake(page);

  await newCreateTemplate(page, 'Fly-tipping create', 'Fly-tipping SR number');
  await tile(page, 'waste_type').click();
  await target(page, /^Request Code/).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version 1.' })).toBeVisible();
  await page.getByRole('button', { name: 'Back to templates' }).click();

  await navLink(page, 'Rules').click();
  await page.getByRole('button', { name: 'New rule' }).click();
  const rule = page.getByRole('form', { name: 'Rule' });
  await rule.getByRole('textbox', { name: 'Name' }).fill('Fly-tipping to Tascomi');
  await rule.getByRole('combobox', { name: 'Case type' }).fill('Fly-tipping report');
  await rule.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: /^Fly-tipping create/ }).click();
  await rule.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('status').filter({ hasText: "Rule 'Fly-tipping to Tascomi' added." })).toBeVisible();

  await openJobs(page);
  await expect(await count(page, 'Queued')).toHaveText('0');

  // The CRM posts the case while the page is open: the count follows without a reload.
  const posted = await fetch(intake.url, { method: 'POST', headers: crmHeaders(intake.secret, sample, Date.now()), body: sample });
  expect(posted.status).toBe(202);
  await expect(await count(page, 'Queued')).toHaveText('1');

  const waiting = queue(page).getByRole('status', { name: 'Waiting' });
  await expect(waiting).toContainText('The Tascomi integration is not enabled, or its settings are incomplete');
  await expect(waiting).toContainText('queued jobs wait without using attempts');
  await expect(await count(page, 'Running')).toHaveText('0');
  await expect(await count(page, 'Failed')).toHaveText('0');

  await waiting.getByRole('link', { name: 'Open the Connections page' }).click();
  await expect(pageHeading(page, 'Connections')).toBeVisible();
});
