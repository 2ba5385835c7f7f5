/**
 * An admin opens a fly-tipping template while a newer food complaint is the newest case: the
 * preview shows a fly-tipping case and says why, a row the case gives nothing for says so (and the
 * preview does not claim "No problems"), saving says how many problems it was saved with, and the
 * version history marks the current version without offering to restore it.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { FLY_TIPPING_CREATE_ROWS } from '../support/fly-tipping-template';
import { importCaseFile } from './support/cases';
import { expect, goToPage, openConsole, test, useHostPerFile } from './support/console';
import { newCreateTemplate } from './support/templates';

const host = useHostPerFile();
test.use({ viewport: { width: 1440, height: 900 } });

const FLY_TIPPING_CASE = {
  id: 'CRM-FT-1001',
  type: 'Fly-tipping report',
  fields: { description: 'Sofa dumped in the lane behind the shops', waste_type: 'Household waste and furniture' },
  dates: { reported: '2026-11-30T09:10:00+00:00' },
};
const FOOD_CASE = { id: 'CRM-FC-2002', type: 'Food complaint', fields: { description: 'Mouldy sandwich', business_name: 'The Market Kitchen' } };

/** The fly-tipping rows, and a Received date from a date the case does not have. */
async function importTemplate(page: Page, name: string) {
  const rows = [...FLY_TIPPING_CREATE_ROWS, { id: 'rd', target: { kind: 'schema', key: 'received_date' }, source: { kind: 'date', date: 'received' } }];
  const file = { format: 'casebridge-template', formatVersion: 1, template: { name, connector: 'tascomi', type: 'create', reference: 'SR number', rows } };
  await goToPage(page, 'Templates');
  await page.locator('input[type=file]').setInputFiles({ name: 'template.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByRole('status').filter({ hasText: `Imported as '${name}'.` })).toBeVisible();
}

async function addRule(page: Page, caseType: string, template: RegExp) {
  await goToPage(page, 'Rules');
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByRole('form', { name: 'Rule' });
  await form.getByRole('textbox', { name: 'Name' }).fill(`${caseType} rule`);
  await form.getByRole('combobox', { name: 'Case type' }).fill(caseType);
  await page.getByRole('option', { name: caseType, exact: true }).click();
  await form.getByRole('radio', { name: 'Created', exact: true }).check();
  await form.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: template }).click();
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'added.' })).toBeVisible();
}

/** No serious or critical accessibility violations in what this part draws (the rest of the page is other tests' to check). */
async function expectAccessible(page: Page, selectors: string[]) {
  const builder = new AxeBuilder({ page });
  for (const selector of selectors) builder.include(selector);
  const { violations } = await builder.analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const templateRow = (page: Page, name: string) => page.getByRole('table', { name: 'Templates' }).getByRole('row').filter({ hasText: name });
const preview = (page: Page) => page.getByRole('region', { name: 'Preview' });

test('the preview shows a case of the type the rules use, says which rows gave nothing, and saving counts the problems', async ({ page }) => {
  test.slow(); // it drives four pages: templates, cases, rules and the designer
  await openConsole(page, host().consoleUrl);
  await importTemplate(page, 'Fly-tipping create');
  // The fly-tipping case first, then a newer food complaint: the newest case is not a fly-tipping one.
  await importCaseFile(page, 'fly-tipping.json', [FLY_TIPPING_CASE]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText("'fly-tipping.json': 1 of 1 case stored");
  await importCaseFile(page, 'food.json', [FOOD_CASE]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText("'food.json': 1 of 1 case stored");
  await addRule(page, 'Fly-tipping report', /^Fly-tipping create/);

  await goToPage(page, 'Templates');
  await templateRow(page, 'Fly-tipping create').getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('combobox', { name: 'Sample case' })).toHaveValue(/CRM-FT-1001/);
  await expect(preview(page)).toContainText('Case CRM-FT-1001 (Fly-tipping report): the newest Fly-tipping report case, the case type the rules apply this template to.');

  const dateRow = page.getByRole('group', { name: 'Row 5: Received date' });
  await expect(dateRow).toContainText('No value for this case: the case has no date "received".');
  await expect(preview(page)).toContainText('Row 5 (Received date) gives no value for this case: the case has no date "received".');
  await expect(preview(page)).not.toContainText('No problems');
  await page.screenshot({ path: '/tmp/designer-preview-light.png', fullPage: true });

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const saved = page.getByRole('status').filter({ hasText: 'Saved with 1 problem' });
  await expect(saved).toBeVisible();
  await expect(saved).toContainText('Saved as version 2.');
  await expect(saved).toContainText('Row 5 (Received date) gives no value for this case');
  await expectAccessible(page, ['[aria-label="Preview"]', '.mantine-Alert-root[role="status"]']);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, ['[aria-label="Preview"]', '.mantine-Alert-root[role="status"]']);
  await page.screenshot({ path: '/tmp/designer-preview-saved-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  // The person's choice of case is kept.
  await page.getByRole('combobox', { name: 'Sample case' }).click();
  await page.getByRole('option', { name: /CRM-FC-2002/ }).click();
  await expect(preview(page)).toContainText('Case CRM-FC-2002 (Food complaint): the case you chose.');

  // Without the row, every row gives a value: "No problems", and a plain "Saved".
  await page.getByRole('button', { name: 'Remove Row 5: Received date' }).click();
  await expect(preview(page)).toContainText('No problems.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version 3.' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'problem' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Back to templates' }).click();
  await templateRow(page, 'Fly-tipping create').getByRole('button', { name: 'Version history' }).click();
  const versions = page.getByRole('dialog').getByRole('table', { name: 'Versions' });
  const current = versions.getByRole('row').filter({ has: page.getByRole('button', { name: 'View version 3' }) });
  await expect(current).toContainText('Current');
  await expect(current.getByRole('button', { name: /Restore/ })).toHaveCount(0);
  await expect(versions.getByRole('button', { name: 'Restore version 2' })).toBeVisible();
  await expect(versions.getByRole('button', { name: 'Restore version 1' })).toBeVisible();
  await expect(versions.getByText('Current')).toHaveCount(1);
  await expectAccessible(page, ['[role="dialog"]']);
  await page.screenshot({ path: '/tmp/designer-versions-light.png' });

  // Restoring version 1 makes a new current version: the mark moves to it.
  await versions.getByRole('button', { name: 'Restore version 1' }).click();
  await expect(page.getByRole('dialog').getByRole('status')).toHaveText('Version 1 restored as version 4.');
  await expect(versions.getByRole('row').filter({ has: page.getByRole('button', { name: 'View version 4' }) })).toContainText('Current');
  await expect(versions.getByRole('button', { name: 'Restore version 3' })).toBeVisible();
  await expect(versions.getByRole('button', { name: 'Restore version 4' })).toHaveCount(0);
});

test('a new template no rule uses yet previews the newest case and says why; the case the person picks stays after saving', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await importCaseFile(page, 'pest.json', [{ id: 'CRM-PC-3003', type: 'Pest control', fields: { description: 'Rats in the bin store' } }]);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText("'pest.json': 1 of 1 case stored");
  await newCreateTemplate(page, 'Unused create', 'Unused SR number');
  const picker = page.getByRole('combobox', { name: 'Sample case' });
  await expect(picker).toHaveValue(/CRM-PC-3003/);
  await expect(preview(page)).toContainText('Case CRM-PC-3003 (Pest control): the newest case; no rule applies this template yet, so any case type may be meant.');

  await picker.click();
  await page.getByRole('option', { name: /Noise complaint/ }).click();
  await expect(preview(page)).toContainText('(Noise complaint): the case you chose.');
  // The first save gives the template its id, and its rules are read again: the pick stays.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /Saved with \d+ problems/ })).toContainText('Saved as version 1.');
  await expect(picker).toHaveValue(/Noise complaint/);
  await expect(preview(page)).toContainText('(Noise complaint): the case you chose.');
});
