/**
 * A support officer erases a resident's case from the Cases page (after the case was sent to
 * Tascomi), typing the case id to confirm; then nothing of the resident shows on any page: the case
 * list and its search, the designer's recent cases, the Jobs page, the Log page (a skeleton says who
 * erased it) and the log's CSV export. Another case is untouched. Case retention is set on the page.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { caseHeading, caseRow, caseSection, connectTascomi, importCaseFile, importCreateTemplate } from './support/cases';
import { expect, goToPage, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { jobRow } from './support/jobs';
import { logRowWith, logTable } from './support/log';
import { newCreateTemplate } from './support/templates';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
});
test.afterAll(async () => {
  await tascomi?.stop();
});
test.use({ viewport: { width: 1400, height: 1000 } });

/** Values only the erased resident's case holds. */
const SURNAME = 'Quixotelmsby';
const STREET = 'Quillfeather Lane';
const PERSONAL = [SURNAME, STREET, 'Zephyrine'];
const ERASED = 'E2E-ERASE-1';
const KEPT = 'E2E-KEEP-1';

const cases = [
  {
    id: ERASED,
    type: 'Fly-tipping report',
    status: 'open',
    fields: { description: `Zephyrine mattresses dumped outside 4 ${STREET}` },
    people: [{ role: 'Reporter', forename: 'Ada', surname: SURNAME, email: 'ada.q@example.org' }],
    addresses: [{ role: 'Incident location', uprn: '200004567890', lines: [`4 ${STREET}`], postcode: 'ZZ9 9ZZ' }],
  },
  { id: KEPT, type: 'Noise complaint', status: 'open', fields: { description: 'Drums at night' } },
];

/** Fails when any personal value of the erased case is on the page. */
async function expectNothingPersonal(page: Page): Promise<void> {
  for (const value of PERSONAL) await expect(page.locator('body')).not.toContainText(value);
}

test('a case erased from the Cases page with a typed confirmation is gone from every page and the log export', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectTascomi(page, tascomi);
  await importCreateTemplate(page, 'Erasure create', 'Service Request number');
  await importCaseFile(page, 'two-cases.json', cases);
  await expect(page.getByRole('status', { name: 'Import results' })).toContainText('2 of 2 cases stored');

  // The case is sent to Tascomi: its request (with the description) is in the log.
  await caseRow(page, ERASED).click();
  await expect(caseHeading(page, ERASED)).toBeVisible();
  const jobs = caseSection(page, 'Jobs');
  await jobs.getByRole('combobox', { name: 'Outgoing template' }).click();
  await page.getByRole('option', { name: /^Erasure create/ }).click();
  await jobs.getByRole('button', { name: 'Apply template' }).click();
  const jobId = Number(/Queued job (\d+)/.exec((await jobs.getByRole('status').textContent()) ?? '')![1]);
  await expect(jobs.getByRole('table', { name: 'Jobs' })).toContainText('succeeded');
  await expect(caseSection(page, 'People')).toContainText(SURNAME);

  // The danger zone: the dialog says what goes and what is not touched, and waits for the case id.
  await caseSection(page, 'Danger zone').getByRole('button', { name: 'Erase personal data…' }).click();
  const dialog = page.getByRole('dialog', { name: `Erase the personal data of case ${ERASED}` });
  await expect(dialog).toContainText('The Service Request in Tascomi (and the Cx repair) is not touched: erase it there if needed.');
  const erase = dialog.getByRole('button', { name: 'Erase personal data' });
  await expect(erase).toBeDisabled();
  await dialog.getByLabel(`Type the case id (${ERASED}) to confirm`).fill('E2E-ERASE');
  await expect(erase).toBeDisabled();
  await dialog.getByLabel(`Type the case id (${ERASED}) to confirm`).fill(ERASED);
  await expect(erase).toBeEnabled();
  await page.screenshot({ path: '/tmp/case-erasure-dialog.png' });
  await erase.click();

  await expect(dialog).toHaveCount(0);
  const notice = page.getByRole('status').filter({ hasText: `Case ${ERASED}'s personal data was erased` });
  await expect(notice).toContainText('1 job(s)');
  await expect(notice).toContainText('The Service Request in Tascomi (and the Cx repair) is not touched');

  // Cases: the list and its search.
  await expect(caseRow(page, KEPT)).toBeVisible();
  await expect(caseRow(page, ERASED)).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Search cases' }).fill('Zephyrine');
  await expect(page.getByText("No case matches 'Zephyrine'.")).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search cases' }).fill('');
  await expectNothingPersonal(page);

  // The designer's recent cases offer the kept case only.
  await newCreateTemplate(page, 'Palette check', 'Palette reference');
  await page.getByRole('combobox', { name: 'Sample case' }).click();
  await expect(page.getByRole('option', { name: new RegExp(KEPT) })).toBeVisible();
  await expect(page.getByRole('option', { name: new RegExp(ERASED) })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Jobs: the job's row stays (state, times, result) with nothing of the person. The unsaved
  // template is left behind, after the console asks.
  await navLink(page, 'Jobs').click();
  await page.getByRole('dialog', { name: 'Leave without saving?' }).getByRole('button', { name: 'Leave and lose the changes' }).click();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  await expect(jobRow(page, jobId)).toContainText('succeeded');
  await expectNothingPersonal(page);

  // Log: the case's entries are skeletons saying who erased them; the attempt's request is gone.
  await goToPage(page, 'Log');
  await expect(logTable(page)).toBeVisible();
  await expect(logRowWith(page, /Personal data erased by .+ on \d{4}-\d{2}-\d{2}\. Was: a tascomi entry \(succeeded, job \d+, attempt 1\)\./)).toHaveCount(1);
  await expect(logRowWith(page, `Case ${ERASED}: personal data erased by`)).toHaveCount(1);
  await expectNothingPersonal(page);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8');
  expect(csv).toContain('Personal data erased by');
  expect(csv).toContain(KEPT);
  for (const value of PERSONAL) expect(csv).not.toContain(value);
});

test('case retention is shown on the Cases page (90 days by default), refused out of range at the field, and saved', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await goToPage(page, 'Cases');
  const form = page.getByRole('form', { name: 'Case retention' });
  const days = form.getByLabel('Erase personal data after (days)');
  await expect(days).toHaveValue('90');
  await days.fill('0');
  await form.getByRole('button', { name: 'Save retention' }).click();
  await expect(days).toHaveAccessibleDescription(/keep a case at least a day/);
  await days.fill('30');
  await form.getByRole('button', { name: 'Save retention' }).click();
  await expect(form.getByRole('status')).toHaveText("Saved: a case's personal data is erased 30 day(s) after its last job finished.");
  await page.reload();
  await expect(page.getByRole('form', { name: 'Case retention' }).getByLabel('Erase personal data after (days)')).toHaveValue('30');
});
