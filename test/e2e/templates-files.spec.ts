/**
 * Template files and versions: export and import a template, an invalid file's issues named by
 * path, version history with Restore, and the list's Rename, Duplicate and Delete. No Tascomi
 * connection: fixed codes are typed, as the designer allows when the code lists cannot load.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, navLink, openConsole, test, useHostPerFile } from './support/console';
import { newCreateTemplate, target, tile } from './support/templates';

const host = useHostPerFile();
test.use({ viewport: { width: 1400, height: 1000 } });

const templatesTable = (page: Page) => page.getByRole('table', { name: 'Templates' });
const listRow = (page: Page, name: string) =>
  templatesTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) });
const mappedRow = (page: Page, name: string) => page.getByRole('region', { name: 'Mapped rows' }).getByRole('group', { name });

async function newTemplate(page: Page, name: string, reference: string) {
  await newCreateTemplate(page, name, reference);
  await expect(tile(page, 'waste_type')).toBeVisible(); // the first sample case is the fly-tipping one
}

/** Pointer clicks: press a tile, then the field (the designer's non-drag way). */
async function map(page: Page, tileName: string, targetName: RegExp) {
  await tile(page, tileName).click();
  await target(page, targetName).click();
}

async function save(page: Page, version: number) {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved as version ${version}.` })).toBeVisible();
}

async function openTemplate(page: Page, name: string) {
  await listRow(page, name).getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('textbox', { name: 'Template name' })).toHaveValue(name);
}

test('an exported template imports as a new template with the exported content', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await newTemplate(page, 'Export me', 'Export SR number');
  await map(page, 'waste_type', /^Request Code/);
  await map(page, 'Fixed text', /^Investigating Officer/);
  const officer = mappedRow(page, 'Row 2: Investigating Officer');
  await expect(officer.getByRole('status')).toContainText('could not be loaded');
  await officer.getByRole('textbox', { name: 'Fixed text' }).fill('pshah');
  await save(page, 1);
  await page.getByRole('button', { name: 'Back to templates' }).click();

  const downloading = page.waitForEvent('download');
  await listRow(page, 'Export me').getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  const file = await download.path();
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.template.rows).toHaveLength(2);
  expect(download.suggestedFilename()).toMatch(/\.json$/);

  // Changed and saved as version 2 after the export.
  await openTemplate(page, 'Export me');
  await page.getByRole('button', { name: 'Remove Row 2: Investigating Officer' }).click();
  await map(page, 'how_reported', /^Request Code/);
  await save(page, 2);
  await page.getByRole('button', { name: 'Back to templates' }).click();
  await expect(listRow(page, 'Export me').getByRole('cell').nth(3)).toHaveText('2');

  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: "Imported as 'Export me (imported)'." })).toBeVisible();
  await openTemplate(page, 'Export me (imported)');
  await expect(mappedRow(page, 'Row 1: Request Code')).toContainText("case field 'waste_type'");
  await expect(mappedRow(page, 'Row 2: Investigating Officer').getByRole('textbox', { name: 'Fixed text' })).toHaveValue('pshah');
});

test('an invalid template file is refused with each issue named by its path', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Templates').click();
  const bad = {
    format: 'casebridge-template',
    formatVersion: 1,
    template: {
      name: 'Bad bananas',
      type: 'create',
      connector: 'tascomi',
      reference: 'SR number',
      rows: [{ id: 'r1', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'banana' } }],
    },
  };
  await page.locator('input[type=file]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const refusal = page.getByRole('alert').filter({ hasText: 'Not imported' });
  await expect(refusal.getByRole('list', { name: 'Issues' })).toContainText('template.rows.0.source.kind:');
  await expect(page.getByText('Bad bananas')).toHaveCount(0);
});

test('version history lists the versions, shows one read-only, and Restore brings back older rows', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await newTemplate(page, 'Versioned', 'Versioned SR number');
  await map(page, 'waste_type', /^Request Code/);
  await save(page, 1);
  await page.getByRole('button', { name: 'Remove Row 1: Request Code' }).click();
  await map(page, 'date reported', /^Received date/);
  await save(page, 2);
  await page.getByRole('button', { name: 'Back to templates' }).click();

  await listRow(page, 'Versioned').getByRole('button', { name: 'Version history' }).click();
  const dialog = page.getByRole('dialog', { name: "Version history of 'Versioned'" });
  await expect(dialog.getByRole('table', { name: 'Versions' }).getByRole('row')).toHaveCount(3); // header + 2
  await dialog.getByRole('button', { name: 'View version 1' }).click();
  await expect(dialog.getByRole('region', { name: 'Version 1 (read-only)' })).toContainText("Request Code ← case field 'waste_type'");
  await dialog.getByRole('button', { name: 'Restore version 1' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Version 1 restored as version 3.');
  await expect(dialog.getByRole('table', { name: 'Versions' }).getByRole('row')).toHaveCount(4);
  await page.keyboard.press('Escape');

  await expect(listRow(page, 'Versioned').getByRole('cell').nth(3)).toHaveText('3');
  await openTemplate(page, 'Versioned');
  await expect(mappedRow(page, 'Row 1: Request Code')).toContainText("case field 'waste_type'");
  await expect(page.getByRole('region', { name: 'Mapped rows' }).getByRole('group')).toHaveCount(1);
});

test('templates are renamed and duplicated from the list', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await newTemplate(page, 'Listed', 'Listed SR number');
  await save(page, 1);
  await page.getByRole('button', { name: 'Back to templates' }).click();

  await listRow(page, 'Listed').getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByRole('form', { name: 'Rename template' });
  await rename.getByLabel('New name').fill('Listed again');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(listRow(page, 'Listed again')).toBeVisible();

  await listRow(page, 'Listed again').getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Duplicated as' })).toBeVisible();
  await expect(templatesTable(page).getByRole('row').filter({ hasText: 'Listed again' })).toHaveCount(2);
});

test('a template is deleted after confirming', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await newTemplate(page, 'Deleted soon', 'Deleted SR number');
  await save(page, 1);
  await page.getByRole('button', { name: 'Back to templates' }).click();

  await listRow(page, 'Deleted soon').getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete template' });
  await expect(confirm).toContainText("Delete the template 'Deleted soon'");
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(listRow(page, 'Deleted soon')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: "Deleted 'Deleted soon'." })).toBeVisible();
});

test('an incoming template maps a Service Request field onto a case field and saves', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Templates').click();
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const form = page.getByRole('form', { name: 'New template' });
  await form.getByLabel('Name').fill('SR number back');
  await form.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: 'Service Request (incoming)' }).click();
  await form.getByLabel('New reference').fill('Incoming SR number');
  await form.getByRole('button', { name: 'Create reference' }).click();
  await form.getByRole('button', { name: 'Create', exact: true }).click();

  await page.getByRole('button', { name: 'Add row' }).click();
  const row = page.getByRole('group', { name: 'Row 1' });
  await expect(row.getByRole('combobox', { name: 'Service Request field' })).toHaveValue('Service Request number');
  await row.getByRole('textbox', { name: 'Case field' }).fill('tascomi_sr_number');
  await save(page, 1);
  await page.getByRole('button', { name: 'Back to templates' }).click();
  await expect(listRow(page, 'SR number back')).toContainText('Service Request (incoming)');
});

test('references are added, renamed (their templates follow) and kept while a template applies to them', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await newTemplate(page, 'Uses a reference', 'Kept SR number');
  await map(page, 'waste_type', /^Request Code/);
  await save(page, 1);
  await page.getByRole('button', { name: 'Back to templates' }).click();

  const references = page.getByRole('table', { name: 'References' });
  const refRow = (name: string) => references.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await expect(refRow('Kept SR number').getByRole('cell').nth(1)).toHaveText('1');

  // In use: refused, with the template named.
  await page.getByRole('button', { name: 'Delete reference Kept SR number' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Reference not deleted' })).toContainText('Uses a reference');
  await expect(refRow('Kept SR number')).toHaveCount(1);

  // Renamed: the template's reference follows.
  await page.getByRole('button', { name: 'Rename reference Kept SR number' }).click();
  await page.getByRole('form', { name: 'Rename reference Kept SR number' }).getByRole('textbox', { name: 'New name' }).fill('Service Request no.');
  await page.getByRole('button', { name: 'Save the new name' }).click();
  await expect(refRow('Service Request no.')).toHaveCount(1);
  await expect(listRow(page, 'Uses a reference')).toContainText('Service Request no.');

  // A new, unused reference can be deleted.
  const add = page.getByRole('form', { name: 'Add a reference' });
  await add.getByLabel('New reference').fill('Unused number');
  await add.getByRole('button', { name: 'Add reference' }).click();
  await expect(refRow('Unused number').getByRole('cell').nth(1)).toHaveText('0');
  await page.getByRole('button', { name: 'Delete reference Unused number' }).click();
  await expect(page.getByRole('status').filter({ hasText: "Reference 'Unused number' deleted." })).toBeVisible();
  await expect(refRow('Unused number')).toHaveCount(0);
});
