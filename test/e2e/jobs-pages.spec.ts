/**
 * Support staff page through a long jobs list: 50 jobs a page, newest first, with which of how many
 * are shown; Next loads the older ones, Previous goes back; a job that changes on a later page
 * changes there, live; a new job arrives on the first page; a filter starts again at its first page
 * and pages through only its jobs. The jobs wait queued (Tascomi is not configured here), so making
 * 120 of them through the contract is quick.
 */
import type { Page } from '@playwright/test';
import { expect, openConsole, test, useHostPerFile } from './support/console';
import { jobFilters, jobRow, jobRows, openJobs } from './support/jobs';
import { flyTippingCreateDraft } from '../support/fly-tipping-template';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';

const host = useHostPerFile();
let contract: HostContractClient;
let jobIds: number[] = []; // oldest first
let templateId: number;
const JOBS = 120;

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeAll(async () => {
  contract = await connectToHost(host());
  await contract.call('createReference', { name: 'SR number' });
  templateId = (await contract.call('saveTemplate', { draft: flyTippingCreateDraft() })).id;
  const cases = Array.from({ length: JOBS }, (_, i) => ({ id: `E2E-PAGE-${i + 1}`, type: 'Fly-tipping report', fields: { description: `Bags by bin store ${i + 1}` } }));
  expect(await contract.call('importCases', { content: JSON.stringify(cases) })).toHaveLength(JOBS);
  for (const c of cases) jobIds.push((await contract.call('applyTemplate', { caseId: c.id, templateId })).id);
});
test.afterAll(() => contract?.close());

const pager = (page: Page) => page.getByRole('navigation', { name: 'Pages of jobs' });
const shownIds = async (page: Page) => (await jobRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')))).map((name) => Number(name?.replace('Job ', '')));
/** The ids a page should show, newest first. */
const newestFirst = (ids: number[], from: number, count: number) => [...ids].reverse().slice(from, from + count);

test('the jobs list shows 50 a page; Next and Previous page through them, live changes land where they belong, a filter starts at its first page', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await openJobs(page);

  await expect(pager(page).getByRole('status')).toHaveText(`Showing 1–50 of ${JOBS}`);
  await expect(jobRows(page)).toHaveCount(50);
  expect(await shownIds(page)).toEqual(newestFirst(jobIds, 0, 50));
  await expect(pager(page).getByRole('button', { name: 'Previous' })).toBeDisabled();

  await pager(page).getByRole('button', { name: 'Next' }).click();
  await expect(pager(page).getByRole('status')).toHaveText(`Showing 51–100 of ${JOBS}`);
  await expect(jobRows(page)).toHaveCount(50);
  expect(await shownIds(page)).toEqual(newestFirst(jobIds, 50, 50));

  // A job on this page is cancelled elsewhere: it changes here, where it is, without a reload.
  const onThisPage = newestFirst(jobIds, 50, 50)[10]!;
  await expect(jobRow(page, onThisPage)).toContainText('queued');
  await contract.call('cancelJob', { id: onThisPage });
  await expect(jobRow(page, onThisPage)).not.toContainText('queued');

  await pager(page).getByRole('button', { name: 'Next' }).click();
  await expect(pager(page).getByRole('status')).toHaveText(`Showing 101–120 of ${JOBS}`);
  await expect(jobRows(page)).toHaveCount(20);
  expect(await shownIds(page)).toEqual(newestFirst(jobIds, 100, 20));
  await expect(pager(page).getByRole('button', { name: 'Next' })).toBeDisabled();

  await pager(page).getByRole('button', { name: 'Previous' }).click();
  await pager(page).getByRole('button', { name: 'Previous' }).click();
  await expect(pager(page).getByRole('status')).toHaveText(`Showing 1–50 of ${JOBS}`);

  // A new job arrives live at the top of the first page, and the count follows.
  await contract.call('submitCase', { case: { id: 'E2E-PAGE-NEW', type: 'Fly-tipping report', fields: { description: 'A sofa on the verge' } } });
  const newest = (await contract.call('applyTemplate', { caseId: 'E2E-PAGE-NEW', templateId })).id;
  jobIds = [...jobIds, newest];
  await expect(jobRows(page).first()).toHaveAccessibleName(`Job ${newest}`);
  await expect(pager(page).getByRole('status')).toHaveText(`Showing 1–50 of ${JOBS + 1}`);
  await expect(jobRows(page)).toHaveCount(50);

  // Filtered to the queued ones (all but the cancelled one): back to the first page of the filter, which pages on kept.
  await pager(page).getByRole('button', { name: 'Next' }).click();
  await expect(pager(page).getByRole('status')).toHaveText(`Showing 51–100 of ${JOBS + 1}`);
  await jobFilters(page).getByRole('combobox', { name: 'State', exact: true }).click();
  await page.getByRole('option', { name: 'Queued (not tried yet)', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(pager(page).getByRole('status')).toHaveText(`Showing 1–50 of ${JOBS}`);
  const queued = jobIds.filter((id) => id !== onThisPage);
  expect(await shownIds(page)).toEqual(newestFirst(queued, 0, 50));
  await pager(page).getByRole('button', { name: 'Next' }).click();
  await pager(page).getByRole('button', { name: 'Next' }).click();
  await expect(pager(page).getByRole('status')).toHaveText(`Showing 101–120 of ${JOBS}`);
  expect(await shownIds(page)).toEqual(newestFirst(queued, 100, 20));
  expect(new URL(page.url()).hash).toBe('#/jobs?state=queued');
  await expect(jobRow(page, onThisPage)).toHaveCount(0);

  await pager(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('jobs-pager-light.png') });
  await page.getByRole('radiogroup', { name: 'Colour scheme' }).getByText('Dark', { exact: true }).click();
  await pager(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('jobs-pager-dark.png') });
});
