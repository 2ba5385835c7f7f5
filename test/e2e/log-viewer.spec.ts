/**
 * Support staff on the Log page: narrow the log to what matters (level and words) and keep that view
 * across a reload; open a failed attempt to read why it was not retried and what was sent, with the
 * reporter's details hidden until revealed for a reason (and the reveal logged); watch entries arrive live,
 * look back without losing their place, and catch up; export the filtered view as CSV; set retention.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { removeDataDir, startHostProcess, type HostProcess } from '../support/host-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { caseHeading } from './support/cases';
import {
  chooseInFilter,
  entryDrawer,
  enterTestCases,
  failTascomiJob,
  logFilters,
  logRowWith,
  logRows,
  logTable,
  matchingCount,
  openLogPage,
  revealWithReason,
} from './support/log';

const host = useHostPerFile();
const entryFields = (page: Page) => entryDrawer(page).getByRole('table', { name: 'Entry fields' });
let tascomi: EmulatorProcess;
let contract: HostContractClient;
let failed: { jobId: number; caseId: string };

test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
  contract = await connectToHost(host());
  failed = await failTascomiJob(contract, tascomi);
  await enterTestCases(contract, 'LOG-SEED', 5);
});
test.afterAll(async () => {
  contract?.close();
  await tascomi?.stop();
});
test.use({ viewport: { width: 1400, height: 900 } });
// Each test starts from the whole log: the page remembers its filter in the engine (saved 600 ms
// after the last change), and a test that ends sooner would leave its filter to the next one.
test.beforeEach(async () => {
  await contract.call('setPreferences', { logFilter: '' });
});

const openLog = (page: Page) => openLogPage(page, host().consoleUrl);

test('filters by level and words combine, and the view survives a reload', async ({ page }) => {
  await openLog(page);
  await expect(logRowWith(page, 'Test case LOG-SEED-1 entered in the console')).toBeVisible();

  await chooseInFilter(page, 'Level', ['error']);
  await logFilters(page).getByRole('searchbox', { name: 'Search messages' }).fill('Remarks allowed');
  // Only the refused attempt: an error whose message has both words.
  await expect(logRows(page)).toHaveCount(1);
  await expect(logRows(page).first()).toContainText(`${failed.jobId} / 1`);
  await expect(logRows(page).first()).toContainText(/failed \[validation\]/);
  await expect(matchingCount(page)).toHaveText('1 entry');
  // The view is in the address, so a reload (or a link) shows the same.
  await expect(page).toHaveURL(/#\/log\?level=error&q=Remarks\+allowed$/);

  await page.reload();
  await expect(pageHeading(page, 'Log')).toBeVisible();
  await expect(logFilters(page).getByRole('searchbox', { name: 'Search messages' })).toHaveValue('Remarks allowed');
  await expect(logFilters(page).getByRole('combobox', { name: 'Level', exact: true })).toHaveAccessibleDescription('Chosen: error');
  await expect(logRows(page)).toHaveCount(1);
  await expect(logRows(page).first()).toContainText(/failed \[validation\]/);

  // Clear filters brings every entry back.
  await logFilters(page).getByRole('button', { name: 'Clear filters' }).click();
  await expect(logRowWith(page, 'Test case LOG-SEED-1 entered in the console')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/log');
});

test('a filter in the address with a value that is not valid keeps the rest and says what was left out', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await page.goto(`${new URL(page.url()).origin}/#/log?level=fatal&q=LOG-SEED-3`);
  await expect(page.getByRole('alert').filter({ hasText: 'Part of the filter was left out' })).toContainText("level 'fatal'");
  await expect(logRows(page)).toHaveCount(1);
  await expect(logRows(page).first()).toContainText('Test case LOG-SEED-3 entered in the console');
});

test('a failed attempt opens with its timeline; person details stay hidden until revealed for a reason, and the reveal is logged', async ({ page }) => {
  await openLog(page);
  const attemptRow = logRowWith(page, /failed \[validation\]/).filter({ hasText: `${failed.jobId} / 1` });
  await attemptRow.focus();
  await page.keyboard.press('Enter');

  const drawer = entryDrawer(page);
  await expect(drawer).toBeVisible();
  const timeline = drawer.getByLabel('Attempt timeline');
  await expect(timeline).toContainText('Attempt 1');
  await expect(timeline).toContainText('validation');
  await expect(timeline).toContainText(/Not retried/);
  const request = drawer.getByRole('region', { name: 'Request' });
  await expect(request).toContainText(/\[personal: \d+ chars\]/);
  await expect(request).not.toContainText('Two double mattresses');

  const entryId = Number((await drawer.getByRole('heading').first().textContent())?.match(/\d+/)?.[0]);
  await expect(drawer.getByRole('button', { name: 'Reveal personal details' })).toHaveAccessibleDescription(/recorded in the access audit with your name/);
  // Revealing asks why; no reason is refused at the field, and nothing is shown.
  const reason = await revealWithReason(drawer, '');
  await expect(reason).toHaveAccessibleDescription(/Recorded in the access audit with your name/);
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(drawer.getByText('say why, in a few words (at least 3 characters)')).toBeVisible();
  await expect(request).not.toContainText('Two double mattresses');
  // Cancel goes back to the button; then a reason reveals.
  await drawer.getByRole('button', { name: 'Cancel' }).click();
  await expect(drawer.getByRole('button', { name: 'Reveal personal details' })).toBeFocused();
  await revealWithReason(drawer, 'Complaint 4471: the reporter asked what we sent');
  await expect(request).toContainText('Two double mattresses');
  await expect(drawer.getByRole('status').filter({ hasText: 'Personal details are shown' })).toBeVisible();
  await expect(drawer.getByRole('button', { name: 'Hide personal details' })).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(attemptRow).toBeFocused(); // the keyboard carries on from the row it opened
  // The reveal is on record, at the top of the list, live; the reason is kept in the access audit only.
  await expect(logRows(page).first()).toContainText(`Personal details in log entry ${entryId} were revealed in the console by`);
  await expect(logRows(page).first()).not.toContainText('4471');
});

test('live entries arrive at the top while following; looking back pauses and counts what waits', async ({ page }) => {
  await enterTestCases(contract, 'LOG-MANY', 60);
  await openLog(page);
  await expect(page.getByText('Following new entries')).toBeVisible();

  await enterTestCases(contract, 'LOG-LIVE', 1);
  await expect(logRows(page).first()).toContainText('Test case LOG-LIVE-1 entered in the console');

  // Down the list with the keyboard: following pauses.
  await logRows(page).first().focus();
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await expect(page.getByText('Paused while you look back.')).toBeVisible();
  const focused = page.locator('tbody tr:focus');
  const looking = await focused.textContent();

  await enterTestCases(contract, 'LOG-WAIT', 3);
  const waiting = page.getByRole('button', { name: '3 new entries' });
  await expect(waiting).toBeVisible();
  // What the person was reading stays where it was.
  await expect(focused).toHaveText(looking!);
  await expect(logRowWith(page, 'LOG-WAIT-3')).toHaveCount(0);

  await waiting.click();
  await expect(logRows(page).first()).toContainText('Test case LOG-WAIT-3 entered in the console');
  await expect(page.getByText('Following new entries')).toBeVisible();
});

test('the filtered view exports as CSV with the same count as shown', async ({ page }) => {
  await openLog(page);
  await chooseInFilter(page, 'Source', ['cases']);
  await expect(matchingCount(page)).toHaveText(/^\d+ entries$/);
  const shown = Number((await matchingCount(page).textContent())!.replace(/\D/g, ''));
  expect(shown).toBeGreaterThan(5);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^casebridge-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync((await file.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe('id,time,level,source,person,outcome,case,template,job,attempt,duration_ms,error_class,message,request,response');
  expect(lines.length - 1).toBe(shown);
  expect(lines.slice(1).every((line) => line.split(',')[3] === 'cases')).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: `Saved ${shown} entries as ${file.suggestedFilename()}.` })).toBeVisible();
});

test('retention refuses too few entries at the field, then saves', async ({ page }) => {
  await openLog(page);
  const form = page.getByRole('form', { name: 'Log retention' });
  await form.getByLabel('Keep at most (entries)').fill('500');
  await form.getByRole('button', { name: 'Save retention' }).click();
  await expect(form.getByLabel('Keep at most (entries)')).toHaveAccessibleDescription(/keep at least 10,000 entries/);
  await form.getByLabel('Keep entries for (days)').fill('30');
  await form.getByLabel('Keep at most (entries)').fill('500000');
  await form.getByRole('button', { name: 'Save retention' }).click();
  await expect(form.getByRole('status')).toContainText('Saved: entries older than 30 day(s), and beyond the newest 500,000, are removed.');
  await expect(logTable(page)).toContainText('Log retention saved: keep 30 day(s), at most 500,000 entries.');
});

test('the filter survives a restart of the host, whose address changes, because the engine keeps it', async ({ page }) => {
  const first = await startHostProcess();
  try {
    await openConsole(page, first.consoleUrl);
    await navLink(page, 'Log').click();
    await logFilters(page).getByRole('searchbox', { name: 'Search messages' }).fill('Engine started');
    await expect(page).toHaveURL(/#\/log\?q=Engine\+started$/);
    // Saved once the person stops typing; the engine's preferences then hold it.
    await expect.poll(async () => (await fetchPreferences(first)).logFilter).toBe('q=Engine+started');
    await first.stop();

    const again = await startHostProcess({ dataDir: first.dataDir });
    try {
      expect(again.port).not.toBe(first.port);
      await openConsole(page, again.consoleUrl);
      await navLink(page, 'Log').click();
      await expect(logFilters(page).getByRole('searchbox', { name: 'Search messages' })).toHaveValue('Engine started');
      await expect(page).toHaveURL(/#\/log\?q=Engine\+started$/);
    } finally {
      await again.stop();
    }
  } finally {
    removeDataDir(first.dataDir);
  }
});

test('a filter cleared just before the window closes is still remembered', async ({ page }) => {
  await openLog(page);
  await chooseInFilter(page, 'Level', ['error']);
  await expect.poll(async () => (await contract.call('getPreferences', {})).logFilter).toBe('level=error');
  await logFilters(page).getByRole('button', { name: 'Clear filters' }).click();
  // Closed at once, well inside the wait before a filter is saved: closing saves what waits.
  await page.close({ runBeforeUnload: true });
  await expect.poll(async () => (await contract.call('getPreferences', {})).logFilter).toBe('');
});

async function fetchPreferences(running: HostProcess) {
  const client = await connectToHost(running);
  try {
    return await client.call('getPreferences', {});
  } finally {
    client.close();
  }
}

// Last: its visits to other pages add log entries, which would move the failed attempt down the list the tests above open.
test("the template filter picks a template by its name; an entry's case, template and job are named links to their pages", async ({ page }) => {
  const template = (await contract.call('listTemplates')).find((t) => t.name === 'Fly-tipping create')!;
  await openLog(page);
  const templateFilter = logFilters(page).getByRole('combobox', { name: 'Template', exact: true });
  await templateFilter.click();
  await page.getByRole('option', { name: 'Fly-tipping create (version 1)', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`#/log\\?template=${template.id}$`));
  await expect(logRowWith(page, 'Test case LOG-SEED-1 entered in the console')).toHaveCount(0);
  const attemptRow = logRowWith(page, /failed \[validation\]/).filter({ hasText: `${failed.jobId} / 1` });
  await expect(attemptRow).toBeVisible();
  // The engine's words name the template too.
  await expect(attemptRow).toContainText(`(template 'Fly-tipping create' (${template.id}) version 1)`);

  const openAttempt = async () => {
    await attemptRow.focus();
    await page.keyboard.press('Enter');
    await expect(entryDrawer(page)).toBeVisible();
    return entryFields(page);
  };
  let fields = await openAttempt();
  await expect(fields.getByRole('link', { name: 'Fly-tipping create (now at version 1)' })).toBeVisible();
  await expect(fields).not.toContainText(`Template ${template.id}`);
  await page.screenshot({ path: test.info().outputPath('log-entry-links.png') });

  await fields.getByRole('link', { name: failed.caseId, exact: true }).click();
  await expect(pageHeading(page, 'Cases')).toBeVisible();
  await expect(caseHeading(page, failed.caseId)).toBeVisible();
  expect(new URL(page.url()).hash).toBe(`#/cases/${failed.caseId}`);

  await page.goBack();
  await expect(pageHeading(page, 'Log')).toBeVisible();
  fields = await openAttempt();
  await fields.getByRole('link', { name: 'Fly-tipping create (now at version 1)' }).click();
  await expect(pageHeading(page, 'Templates')).toBeVisible();
  expect(new URL(page.url()).hash).toBe(`#/templates/${template.id}`);

  await page.goBack();
  await expect(pageHeading(page, 'Log')).toBeVisible();
  fields = await openAttempt();
  await fields.getByRole('link', { name: `Job ${failed.jobId}`, exact: true }).click();
  await expect(pageHeading(page, 'Jobs')).toBeVisible();
  expect(new URL(page.url()).hash).toBe(`#/jobs/${failed.jobId}`);
});
