/**
 * A data protection officer on the Audit page: a case opened on the Cases page and a reveal in the
 * Log (with the reason the person gave) are on record with who and when; the audit filters by
 * action (kept in the page's address) and exports as CSV; nothing on the page changes an entry.
 */
import { readFileSync } from 'node:fs';
import { startTascomiEmulatorProcess, type EmulatorProcess } from '../support/emulator-process';
import { connectToHost, type HostContractClient } from '../support/host-contract-client';
import { caseHeading, caseRow } from './support/cases';
import { expect, goToPage, openConsole, test, useHostPerFile } from './support/console';
import { entryDrawer, failTascomiJob, logRowWith, revealWithReason } from './support/log';

const host = useHostPerFile();
let tascomi: EmulatorProcess;
let contract: HostContractClient;
let failed: { jobId: number; caseId: string };

test.beforeAll(async () => {
  tascomi = await startTascomiEmulatorProcess();
  contract = await connectToHost(host());
  failed = await failTascomiJob(contract, tascomi);
});
test.afterAll(async () => {
  contract?.close();
  await tascomi?.stop();
});

const REASON = 'Complaint 4471: the reporter asked what we sent';

test('the Audit page shows a case opened and a reveal with its reason, filters by action and exports CSV', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  // A case opened on the Cases page.
  await goToPage(page, 'Cases');
  await caseRow(page, failed.caseId).click();
  await expect(caseHeading(page, failed.caseId)).toBeVisible();
  // Personal details revealed in the Log, for a reason.
  await goToPage(page, 'Log');
  await logRowWith(page, /failed \[validation\]/)
    .filter({ hasText: `${failed.jobId} / 1` })
    .click();
  const drawer = entryDrawer(page);
  const entryId = Number((await drawer.getByRole('heading').first().textContent())?.match(/\d+/)?.[0]);
  await revealWithReason(drawer, REASON);
  await expect(drawer.getByRole('region', { name: 'Request' })).toContainText('Two double mattresses');
  await page.keyboard.press('Escape');

  await goToPage(page, 'Audit');
  await expect(page.getByText('Entries are only ever added: they cannot be changed or removed')).toBeVisible();
  const table = page.getByRole('table', { name: 'Access audit' });
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toContainText('Revealed personal details in the log');
  await expect(rows.first()).toContainText(`log entry ${entryId}`);
  await expect(rows.first()).toContainText(failed.caseId);
  await expect(rows.first()).toContainText(REASON);
  await expect(rows.first()).toContainText('(browser console of the headless host)');
  await expect(rows.filter({ hasText: "Opened a case's data" }).filter({ hasText: `case ${failed.caseId}` })).toHaveCount(1);
  // Nothing here changes or removes an entry.
  await expect(page.getByRole('main').getByRole('button', { name: /edit|delete|remove|change/i })).toHaveCount(0);

  // Filter by action: only the reveal, and the filter is in the address.
  await page.getByRole('search', { name: 'Audit filters' }).getByRole('combobox', { name: 'Action', exact: true }).click();
  await page.getByRole('option', { name: 'Revealed personal details in the log', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(REASON);
  expect(page.url()).toContain('#/audit?action=personal_revealed');

  // Export what is shown: the reveal with who, why and the case.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^casebridge-access-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync((await file.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe('id,time,who,action,subject,case,reason');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(
    new RegExp(`^\\d+,[^,]+,.+ \\(browser console of the headless host\\),Revealed personal details in the log,log entry ${entryId},${failed.caseId},${REASON}$`),
  );
  await expect(page.getByRole('status').filter({ hasText: 'Saved 1 entry as casebridge-access-audit-' })).toBeVisible();

  // The export is itself on record, at the top once the filter is cleared.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows.first()).toContainText('Exported the access audit');
  await expect(rows.first()).toContainText('the audit where actions ["personal_revealed"]');
});
