/** Steps the template tests share: starting a new Create template from the Templates page. */
import type { Page } from '@playwright/test';
import { expect, navLink } from './console';

/** Templates > New: a Create Service Request template with a new reference; the designer opens. */
export async function newCreateTemplate(page: Page, name: string, reference: string): Promise<void> {
  await navLink(page, 'Templates').click();
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const form = page.getByRole('form', { name: 'New template' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('New reference').fill(reference);
  await form.getByRole('button', { name: 'Create reference' }).click();
  await expect(form.getByRole('combobox', { name: 'Reference', exact: true })).toHaveValue(reference);
  await form.getByRole('button', { name: 'Create', exact: true }).click();
}

/** A tile of the case palette, by its name. */
export const tile = (page: Page, name: string) => page.getByRole('region', { name: 'Case data' }).getByRole('button', { name, exact: true });
/** A Tascomi field of the designer, by its accessible name. */
export const target = (page: Page, name: RegExp) => page.getByRole('region', { name: 'Tascomi fields' }).getByRole('button', { name });
