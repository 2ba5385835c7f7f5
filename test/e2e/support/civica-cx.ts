/** Steps the Civica Cx tests share: the connection saved with the housing company chosen. */
import type { Page } from '@playwright/test';
import type { CivicaCxEmulatorProcess } from '../../support/emulator-process';
import { expect, navLink } from './console';

/** Connections > Civica Cx settings: connect, choose the housing company, enable and save, as an IT officer would. */
export async function connectCivicaCx(page: Page, cx: CivicaCxEmulatorProcess): Promise<void> {
  await navLink(page, 'Connections').click();
  const form = page.getByRole('form', { name: 'Civica Cx settings' });
  await form.getByLabel('API URL').fill(cx.baseUrl);
  await form.getByLabel('Username').fill(cx.username);
  await form.getByLabel('Password', { exact: true }).fill(cx.password);
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Connected:' })).toBeVisible();
  // Saved settings open with the company chosen; picking it again would clear it.
  const company = form.getByRole('combobox', { name: 'Selected company' });
  const housing = `Northbridge Homes (${cx.company})`;
  if ((await company.inputValue()) !== housing) {
    await company.click();
    await page.getByRole('option', { name: housing }).click();
  }
  await expect(company).toHaveValue(housing);
  await form.getByLabel('Enable API integration').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved: the connection was verified.' })).toBeVisible();
}
