/**
 * Support staff on the Cases page: import a file of cases (the valid ones land, the invalid one is
 * named by its path), find a case by a field value and read it, write a test case by hand (a bad
 * value is marked at its input), and apply a Create template by hand, watching the job succeed and
 * the Service Request number arrive in the case's References without reloading.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { caseHeading, caseRow, casesTable, caseSection, connectTascomi, importCaseFile, importCreateTemplate, valueOf } from './support/cases';
import { expect, navLink, openConsole, test, useHostPerFile } from './support/console';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
});
test.afterAll(async () => {
  await tascomi?.stop();
});
test.use({ viewport: { width: 1400, height: 1000 } });

const sample = (name: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../resources/sample-cases/${name}.json`), 'utf8')) as Record<string, unknown> & { fields: Record<string, unknown> };
const flyTipping = sample('fly-tipping');
const noise = sample('noise-complaint');

/** The file of the first test: two good cases and, third, one whose address has a UPRN with letters. */
const importedFile = [
  { ...flyTipping, id: 'E2E-IMP-1', fields: { ...flyTipping.fields, vehicle_registration: 'KX70 ZZB' } },
  { ...noise, id: 'E2E-IMP-2' },
  { ...noise, id: 'E2E-IMP-3', addresses: [{ role: 'Incident location', uprn: '12AB', lines: ['1 Mill Lane'] }] },
];

async function openCases(page: Page) {
  await openConsole(page, host().consoleUrl);
  await navLink(page, 'Cases').click();
}

test('a file of cases is imported: the two valid ones are stored, the invalid one is named by its path', async ({ page }) => {
  await openCases(page);
  await expect(page.getByText('No cases yet.')).toBeVisible();
  await importCaseFile(page, 'three-cases.json', importedFile);

  const results = page.getByRole('status', { name: 'Import results' });
  await expect(results).toContainText("'three-cases.json': 2 of 3 cases stored (2 new, 0 updated, 0 unchanged), 1 refused");
  const imported = results.getByRole('table', { name: 'Imported cases' });
  await expect(imported.getByRole('row').nth(1)).toContainText('E2E-IMP-1');
  await expect(imported.getByRole('row').nth(1)).toContainText('new');
  await expect(imported.getByRole('row').nth(3)).toContainText('refused');
  await expect(imported.getByRole('list', { name: 'Issues of item 3' })).toContainText('addresses.0.uprn: a UPRN is up to 12 digits');

  // The list shows the two stored cases, not the refused one.
  await expect(caseRow(page, 'E2E-IMP-1')).toContainText('Fly-tipping report');
  await expect(caseRow(page, 'E2E-IMP-2')).toContainText('Noise complaint');
  await expect(caseRow(page, 'E2E-IMP-3')).toHaveCount(0);

  // A file that is not JSON is refused as a whole, saying so.
  await page.locator('input[type=file]').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json at all') });
  await expect(page.getByRole('alert').filter({ hasText: "'notes.json' was not imported" })).toContainText('is not JSON');
});

test('a case is found by a field value, opened with the keyboard and its data read', async ({ page }) => {
  await openCases(page);
  await expect(caseRow(page, 'E2E-IMP-2')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search cases' }).fill('KX70 ZZB');
  await expect(casesTable(page).getByRole('row')).toHaveCount(2); // the header and the one match
  await expect(caseRow(page, 'E2E-IMP-1')).toBeVisible();

  await caseRow(page, 'E2E-IMP-1').focus();
  await page.keyboard.press('Enter');
  await expect(caseHeading(page, 'E2E-IMP-1')).toBeFocused();
  await expect(valueOf(page, 'Fields', 'vehicle_registration')).toHaveText('KX70 ZZB');
  await expect(valueOf(page, 'Fields', 'hazardous_waste')).toHaveText('false');
  await expect(valueOf(page, 'Dates', 'reported')).toHaveText('2026-03-27T08:42:17+00:00');
  await expect(caseSection(page, 'People').getByRole('row').nth(1)).toContainText('Mrs Margaret Ellison');
  await expect(caseSection(page, 'Addresses').getByRole('row').nth(1)).toContainText('100090412301');
  await expect(caseSection(page, 'References')).toContainText('No references yet');

  // Back to the list: the search is kept and the keyboard carries on from the case's row.
  await page.getByRole('button', { name: 'Back to cases' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search cases' })).toHaveValue('KX70 ZZB');
  await expect(caseRow(page, 'E2E-IMP-1')).toBeFocused();
});

test('a test case written by hand shows the engine’s objection at the input, and once fixed is stored and opened', async ({ page }) => {
  await openCases(page);
  await page.getByRole('button', { name: 'New test case' }).click();
  const form = page.getByRole('form', { name: 'New test case' });
  await form.getByRole('combobox', { name: 'Start from' }).click();
  await page.getByRole('option', { name: /Fly-tipping report/ }).click();
  await expect(form.getByLabel('Type')).toHaveValue('Fly-tipping report');
  await expect(form).toContainText("Not carried over from the sample (the form holds one address and one person): the person's address.");
  await expect(form.getByRole('textbox', { name: 'Field 2 value' })).toHaveValue('Household waste and furniture');

  await form.getByLabel('Case id').fill('E2E-HAND-1');
  const address = form.getByRole('group', { name: 'Address' });
  await address.getByLabel('UPRN').fill('10009041230X');
  await form.getByRole('button', { name: 'Add field' }).click();
  await form.getByRole('textbox', { name: 'Field 10 name' }).fill('bags_count');
  await form.getByRole('combobox', { name: 'Field 10 kind' }).selectOption('Number');
  await form.getByRole('textbox', { name: 'Field 10 value' }).fill('10');
  await form.getByRole('button', { name: 'Store test case' }).click();

  await expect(form.getByRole('alert')).toContainText('Not stored: the case is not valid. See the marked inputs.');
  await expect(address.getByLabel('UPRN')).toHaveAccessibleDescription(/a UPRN is up to 12 digits/);
  await expect(address.getByLabel('UPRN')).toHaveAttribute('aria-invalid', 'true');
  await expect(address.getByLabel('UPRN')).toBeFocused(); // the keyboard is taken to the marked input

  await address.getByLabel('UPRN').fill('100090412309');
  await expect(address.getByLabel('UPRN')).not.toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Store test case' }).click();

  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(caseHeading(page, 'E2E-HAND-1')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Test case E2E-HAND-1 stored as a new case' })).toBeVisible();
  await expect(valueOf(page, 'Fields', 'bags_count')).toHaveText('10');
  await expect(caseSection(page, 'Addresses')).toContainText('100090412309');
  await expect(caseSection(page, 'Log').getByRole('table', { name: 'Case log' })).toContainText('Test case E2E-HAND-1 entered in the console: created');
});

test('Apply template queues a job; the case shows it succeed and the Service Request number arrive, live', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectTascomi(page, tascomi);
  await importCreateTemplate(page, 'Fly-tipping create', 'Service Request number');
  await importCaseFile(page, 'fly-tipping.json', { ...flyTipping, id: 'E2E-SEND-1' });
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText('1 of 1 case stored');

  await caseRow(page, 'E2E-SEND-1').click();
  await expect(caseHeading(page, 'E2E-SEND-1')).toBeVisible();
  const jobs = caseSection(page, 'Jobs');
  await expect(jobs).toContainText('No jobs yet');

  await jobs.getByRole('combobox', { name: 'Outgoing template' }).click();
  await page.getByRole('option', { name: /^Fly-tipping create/ }).click();
  await jobs.getByRole('button', { name: 'Apply template' }).click();
  const queued = jobs.getByRole('status');
  await expect(queued).toHaveText(/^Queued job (\d+): 'Fly-tipping create' version 1 for case E2E-SEND-1\.$/);
  const jobId = /Queued job (\d+)/.exec((await queued.textContent()) ?? '')![1]!;

  // No reload from here: the job's events bring the state and the number in.
  const jobRow = jobs
    .getByRole('table', { name: 'Jobs' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: jobId, exact: true }) });
  await expect(jobRow).toContainText('succeeded');
  await expect(jobRow).toContainText('1 of 10');
  const srNumber = valueOf(page, 'References', 'Service Request number');
  await expect(srNumber).toHaveText(/^\S+$/);
  const number = (await srNumber.textContent())!;
  await expect(jobRow.getByRole('cell').nth(5)).toHaveText(number); // the job's result is that number
  await expect(caseSection(page, 'Log').getByRole('table', { name: 'Case log' })).toContainText(`Job ${jobId} queued`);
  await page.screenshot({ path: '/tmp/cases-applied.png', fullPage: true });
});
