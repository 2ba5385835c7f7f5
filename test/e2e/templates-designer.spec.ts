/**
 * An admin designs a Create Service Request template against the fly-tipping sample case: with the
 * mouse (dragging tiles onto Tascomi fields) and with the keyboard alone, watching the preview.
 */
import type { Locator, Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { expect, navLink, openConsole, test, useHostPerFile } from './support/console';
import { drag, newCreateTemplate, target, tile } from './support/templates';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
});
test.afterAll(async () => {
  await tascomi?.stop();
});
test.use({ viewport: { width: 1400, height: 1000 } });

/** The code pickers need Tascomi's code lists, so the connection is saved first, as an IT officer would. */
async function connectTascomi(page: Page) {
  await navLink(page, 'Connections').click();
  const form = page.getByRole('form', { name: 'Tascomi settings' });
  await form.getByLabel('API base url').fill(tascomi.baseUrl);
  await form.getByLabel('API public key').fill(tascomi.publicKey);
  await form.getByLabel('API private key').fill(tascomi.privateKey);
  await form.getByLabel('Enabled').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved: the connection was verified.' })).toBeVisible();
}

async function newFlyTippingTemplate(page: Page, name: string, reference: string) {
  await newCreateTemplate(page, name, reference);
  await chooseOption(page, page.getByRole('combobox', { name: 'Sample case' }), /Fly-tipping report/);
}

async function chooseOption(page: Page, input: Locator, option: RegExp, search?: string) {
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option }).click();
}

const payloadRow = (page: Page, label: string) =>
  page
    .getByRole('table', { name: 'Payload' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });

async function expectRequiredSettled(page: Page) {
  await expect(page.getByRole('region', { name: 'Tascomi fields' }).getByText('required', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Preview' })).not.toContainText('is required to create');
}

test('a Create template is designed by dragging, previewed and saved as version 1', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectTascomi(page);
  await newFlyTippingTemplate(page, 'Fly-tipping create', 'Service Request number');

  const fields = page.getByRole('region', { name: 'Tascomi fields' });
  await expect(target(page, /^Request Code/)).toContainText('required');
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('Request Code is required to create a record, and no row maps it.');

  await drag(page, tile(page, 'waste_type'), target(page, /^Request Code/));
  await expect(page.getByRole('status', { name: 'Designer announcements' })).toHaveText("Mapped case field 'waste_type' to Request Code");
  await expect(payloadRow(page, 'Request Code')).toContainText('Household waste and furniture');
  await expect(target(page, /^Request Code/)).not.toContainText('required');

  await drag(page, tile(page, 'Fixed text'), target(page, /^Investigating Officer/));
  const officerRow = page.getByRole('group', { name: 'Row 2: Investigating Officer' });
  await chooseOption(page, officerRow.getByRole('combobox', { name: 'Investigating Officer (fixed)' }), /^pshah — /, 'pshah');
  await expect(payloadRow(page, 'Investigating Officer')).toContainText('pshah');

  await drag(page, tile(page, 'Fixed text'), target(page, /^Core Function/));
  await chooseOption(page, page.getByRole('group', { name: 'Row 3: Core Function' }).getByRole('combobox', { name: 'Core Function (fixed)' }), /^SS — Street Scene/, 'Street');
  await expect(payloadRow(page, 'Core Function')).toContainText('SS');
  await expectRequiredSettled(page);
  // The case field is not a Request Code Tascomi knows: the problem shows at its row.
  await expect(page.getByRole('group', { name: 'Row 1: Request Code' })).toContainText('is not in the complaint_codes code list');

  // Dropping on a mapped target replaces its source rather than adding a row.
  await drag(page, tile(page, 'how_reported'), target(page, /^Request Code/));
  await expect(payloadRow(page, 'Request Code')).toContainText('Web form');
  await expect(page.getByRole('region', { name: 'Mapped rows' }).getByRole('group')).toHaveCount(3);

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version 1.' })).toBeVisible();
  await expect(fields).toBeVisible();
  await page.screenshot({ path: '/tmp/designer.png', fullPage: true });

  await page.getByRole('button', { name: 'Back to templates' }).click();
  const row = page.getByRole('table', { name: 'Templates' }).getByRole('row').filter({ hasText: 'Fly-tipping create' });
  await expect(row).toContainText('Create Service Request (outgoing)');
  await expect(row).toContainText('Service Request number');
  await expect(row.getByRole('cell').nth(3)).toHaveText('1');
});

test('the same mapping is done with the keyboard alone', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await newFlyTippingTemplate(page, 'Fly-tipping by keyboard', 'Keyboard SR number');
  const announcements = page.getByRole('status', { name: 'Designer announcements' });

  const pickAndMap = async (tileName: string, targetName: RegExp) => {
    await tile(page, tileName).focus();
    await page.keyboard.press('Enter');
    await expect(tile(page, tileName)).toHaveAttribute('aria-pressed', 'true');
    await target(page, targetName).focus();
    await page.keyboard.press('Enter');
  };

  await pickAndMap('waste_type', /^Request Code/);
  await expect(announcements).toHaveText("Mapped case field 'waste_type' to Request Code");
  await expect(tile(page, 'waste_type')).toHaveAttribute('aria-pressed', 'false');
  await expect(payloadRow(page, 'Request Code')).toContainText('Household waste and furniture');

  await pickAndMap('Fixed text', /^Investigating Officer/);
  await expect(announcements).toHaveText('Mapped fixed text to Investigating Officer');
  const officer = page.getByRole('group', { name: 'Row 2: Investigating Officer' }).getByRole('combobox', { name: 'Investigating Officer (fixed)' });
  await officer.focus();
  await page.keyboard.type('pshah');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(payloadRow(page, 'Investigating Officer')).toContainText('pshah');

  await pickAndMap('Fixed text', /^Core Function/);
  const core = page.getByRole('group', { name: 'Row 3: Core Function' }).getByRole('combobox', { name: 'Core Function (fixed)' });
  await core.focus();
  await page.keyboard.type('Street');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(payloadRow(page, 'Core Function')).toContainText('SS');
  await expectRequiredSettled(page);

  // Space picks too, and Space on the target maps: a date brings its format and zone.
  await tile(page, 'date reported').focus();
  await page.keyboard.press('Space');
  await target(page, /^Received date/).focus();
  await page.keyboard.press('Space');
  await expect(announcements).toHaveText("Mapped case date 'reported' to Received date");
  const dateRow = page.getByRole('group', { name: 'Row 4: Received date' });
  await expect(dateRow.getByRole('textbox', { name: 'Date format' })).toHaveValue('yyyy-MM-dd HH:mm:ss');
  await expect(dateRow.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/London');
  await expect(payloadRow(page, 'Received date')).toContainText('2026-03-27 08:42:17');

  // Rows reorder with the arrow buttons (keyboard) and by dragging the handle (mouse).
  await page.getByRole('button', { name: 'Move Row 4: Received date up' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Row 3: Received date' })).toBeVisible();
  await drag(page, page.getByRole('button', { name: 'Drag Row 3: Received date to reorder' }), page.getByRole('group', { name: 'Row 1: Request Code' }));
  await expect(page.getByRole('group', { name: 'Row 1: Received date' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Row 2: Request Code' })).toBeVisible();

  await page.getByRole('button', { name: 'Save', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version 1.' })).toBeVisible();
});

test('an admin marks a row personal; it stays marked after saving and reopening, and a person detail is personal whatever the box', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await newFlyTippingTemplate(page, 'Fly-tipping with marks', 'Marked SR number');
  const mark = (row: string) => page.getByRole('group', { name: row }).getByRole('checkbox', { name: /^Personal details/ });
  // The additional fields sit below the fold: mapped the keyboard way (pick the tile, press the field).
  const pickAndMap = async (tileName: string, targetName: RegExp) => {
    await tile(page, tileName).focus();
    await page.keyboard.press('Enter');
    await target(page, targetName).focus();
    await page.keyboard.press('Enter');
  };

  await page.getByLabel('Additional field (Tascomi name)').fill('vehicle_seen');
  await page.getByRole('button', { name: 'Add additional field' }).click();
  await pickAndMap('vehicle_registration', /^vehicle_seen/);
  await expect(page.getByRole('group', { name: 'Row 1: Additional field vehicle_seen' })).toContainText("case field 'vehicle_registration'");
  await expect(mark('Row 1: Additional field vehicle_seen')).not.toBeChecked();
  await mark('Row 1: Additional field vehicle_seen').check();

  // A person's detail is personal wherever it lands: ticked, and not for the admin to untick.
  await page.getByLabel('Additional field (Tascomi name)').fill('caller');
  await page.getByRole('button', { name: 'Add additional field' }).click();
  await pickAndMap('Reporter surname', /^caller/);
  await expect(mark('Row 2: Additional field caller')).toBeChecked();
  await expect(mark('Row 2: Additional field caller')).toBeDisabled();
  await expect(page.getByRole('group', { name: 'Row 2: Additional field caller' })).toContainText("Always: the value is a person's or an address's detail");

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved as version 1.' })).toBeVisible();
  await page.getByRole('button', { name: 'Back to templates' }).click();
  await page.getByRole('table', { name: 'Templates' }).getByRole('row').filter({ hasText: 'Fly-tipping with marks' }).getByRole('button', { name: 'Open' }).click();
  await expect(mark('Row 1: Additional field vehicle_seen')).toBeChecked();
  await expect(mark('Row 1: Additional field vehicle_seen')).toBeEnabled();
  await expect(mark('Row 2: Additional field caller')).toBeChecked();
});
