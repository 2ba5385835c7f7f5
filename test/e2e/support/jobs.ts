/** The Jobs page's parts, found the way a person reads them. */
import type { Page } from '@playwright/test';
import { expect, navLink, pageHeading } from './console';

export async function openJobs(page: Page): Promise<void> {
  await navLink(page, 'Jobs').click();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
}

export const jobsTable = (page: Page) => page.getByRole('table', { name: 'Jobs', exact: true });
/** A job's row in the list (the row is named after its job number). */
export const jobRow = (page: Page, id: number) => jobsTable(page).getByRole('row', { name: `Job ${id}`, exact: true });
/** Data rows only (not the heading row). */
export const jobRows = (page: Page) => jobsTable(page).getByRole('row', { name: /^Job \d+$/ });
export const jobFilters = (page: Page) => page.getByRole('search', { name: 'Job filters' });
export const tascomiQueue = (page: Page) => page.getByRole('region', { name: 'Tascomi / Idox Cloud' });

/** The count under a state's column heading in the Tascomi queue card. */
export async function queueCount(page: Page, column: string) {
  const table = tascomiQueue(page).getByRole('table', { name: 'Tascomi / Idox Cloud jobs by state' });
  const headings = await table.getByRole('columnheader').allTextContents();
  return table.getByRole('row').nth(1).getByRole('cell').nth(headings.indexOf(column));
}
