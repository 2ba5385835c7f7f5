/** Steps the template tests share: starting a new template from the Templates page, finding and dragging tiles and fields. */
import type { Locator, Page } from '@playwright/test';
import { expect, goToPage, navLink } from './console';

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

/**
 * Templates > New of any kind, by the Type option the console offers ("Civica Cx: Raise repair
 * (outgoing)"), with a new reference; the designer opens.
 */
export async function newTemplateOfKind(page: Page, name: string, kind: string, reference: string): Promise<void> {
  await navLink(page, 'Templates').click();
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const form = page.getByRole('form', { name: 'New template' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: kind, exact: true }).click();
  await expect(form.getByRole('combobox', { name: 'Type' })).toHaveValue(kind);
  await form.getByLabel('New reference').fill(reference);
  await form.getByRole('button', { name: 'Create reference' }).click();
  await expect(form.getByRole('combobox', { name: 'Reference', exact: true })).toHaveValue(reference);
  await form.getByRole('button', { name: 'Create', exact: true }).click();
}

/** A field of the designer's middle column for a connector ("Civica Cx fields"), by its accessible name. */
export const connectorTarget = (page: Page, region: string, name: RegExp) => page.getByRole('region', { name: region, exact: true }).getByRole('button', { name });

/**
 * Templates > Import of a Civica Cx "Raise repair" template file that maps the housing repair
 * sample's fields onto every required Cx field (its category as the works order's trade, a fixed
 * "raised by"), writing the repair reference to `reference`.
 */
export async function importCxRaiseRepairTemplate(page: Page, name: string, reference: string): Promise<void> {
  const field = (id: string, key: string, caseField: string) => ({ id, target: { kind: 'schema', key }, source: { kind: 'field', field: caseField } });
  const file = {
    format: 'casebridge-template',
    formatVersion: 1,
    template: {
      name,
      connector: 'civica-cx',
      type: 'create',
      reference,
      rows: [
        field('contact', 'contact', 'tenant_reference'),
        field('description', 'description', 'repair_description'),
        field('sor', 'sor_code', 'sor_code'),
        field('priority', 'priority', 'priority'),
        field('type', 'repair_type', 'repair_type'),
        field('contract', 'contract', 'contract'),
        field('category', 'category', 'category'),
        field('trade', 'trade', 'category'),
        { id: 'raised-by', target: { kind: 'schema', key: 'raised_by' }, source: { kind: 'text', value: 'Repairs Contact Centre' } },
      ],
    },
  };
  await goToPage(page, 'Templates');
  await page.locator('input[type=file]').setInputFiles({ name: `${name}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByRole('status').filter({ hasText: `Imported as '${name}'.` })).toBeVisible();
}

/** dnd-kit's PointerSensor starts a drag only after the pointer has moved, so the mouse moves in steps. */
export async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.hover();
  await page.mouse.down();
  const box = (await to.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 });
  await page.mouse.up();
}
