/** Steps the case tests share: the Tascomi connection, a template from a file, and the Cases page's parts. */
import type { Page } from '@playwright/test';
import type { EmulatorProcess } from '../../support/emulator-process';
import { expect, goToPage, navLink } from './console';
import { FLY_TIPPING_CREATE_ROWS } from '../../support/fly-tipping-template';

/** Connections > Tascomi settings saved and verified against the emulator, as an IT officer would. */
export async function connectTascomi(page: Page, tascomi: EmulatorProcess): Promise<void> {
  await navLink(page, 'Connections').click();
  const form = page.getByRole('form', { name: 'Tascomi settings' });
  await form.getByLabel('API base url').fill(tascomi.baseUrl);
  await form.getByLabel('API public key').fill(tascomi.publicKey);
  await form.getByLabel('API private key').fill(tascomi.privateKey);
  await form.getByLabel('Enabled').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved: the connection was verified.' })).toBeVisible();
}

/**
 * Templates > Import of a Create Service Request template file for fly-tipping (fixed codes the
 * emulator knows, the description from the case), writing the SR number to `reference`.
 */
export async function importCreateTemplate(page: Page, name: string, reference: string): Promise<void> {
  const file = {
    format: 'casebridge-template',
    formatVersion: 1,
    template: {
      name,
      connector: 'tascomi',
      type: 'create',
      reference,
      rows: FLY_TIPPING_CREATE_ROWS,
    },
  };
  await goToPage(page, 'Templates');
  await page.locator('input[type=file]').setInputFiles({ name: `${name}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByRole('status').filter({ hasText: `Imported as '${name}'.` })).toBeVisible();
}

/** Cases > Import cases with a file made of these items (cases, or anything to see refused). */
export async function importCaseFile(page: Page, fileName: string, items: unknown): Promise<void> {
  await goToPage(page, 'Cases');
  await page.locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(items)) });
}

export const casesTable = (page: Page) => page.getByRole('table', { name: 'Cases', exact: true });
export const caseRow = (page: Page, id: string) =>
  casesTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: id, exact: true }) });
export const caseHeading = (page: Page, id: string) => page.getByRole('heading', { level: 2, name: `Case ${id}`, exact: true });
/** A region of the open case (Fields, Dates, People, Addresses, References, Jobs, Log). */
export const caseSection = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
/** The value beside a name in a name/value table (Fields, Dates, References). */
export const valueOf = (page: Page, table: string, name: string) =>
  page
    .getByRole('table', { name: table, exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
    .getByRole('cell');
