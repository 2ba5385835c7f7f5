/**
 * A housing officer looks up a tenant by surname on the Tenants page, sees their repairs with work
 * orders and appointments, cancels a booked appointment after confirming, and sees it cancelled;
 * an invoiced repair says why it cannot be cancelled; reopening the tenant serves the cache.
 */
import { startCivicaCxEmulatorProcess, type CivicaCxEmulatorProcess } from '../support/emulator-process';
import { expect, navLink, openConsole, pageHeading, test, useHostPerFile } from './support/console';
import { connectCivicaCx } from './support/civica-cx';

const host = useHostPerFile();
let cx: CivicaCxEmulatorProcess;
let facts: {
  contactId: number;
  contactReference: string;
  contactSurname: string;
  openRepairReference: string;
  futureBookedAppointmentId: number;
  invoicedRepairReference: string;
};
test.beforeAll(async () => {
  cx = await startCivicaCxEmulatorProcess();
  facts = ((await (await fetch(`${cx.adminUrl}/demo`)).json()) as { facts: typeof facts }).facts;
});
test.afterAll(async () => {
  await cx?.stop();
});

test('look up a tenant by surname, cancel a booked appointment after confirming; an invoiced repair says why not', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectCivicaCx(page, cx);

  await navLink(page, 'Tenants').click();
  await expect(pageHeading(page, 'Tenants')).toBeVisible();
  const search = page.getByRole('search', { name: 'Find a tenant' });
  await search.getByLabel('Surname').fill(facts.contactSurname);
  await search.getByRole('button', { name: 'Find' }).click();
  const found = page.getByRole('region', { name: 'Tenants found' });
  await expect(found.getByRole('status')).toContainText('Fetched at');
  await found.getByRole('button', { name: new RegExp(`^Open ${facts.contactReference} `) }).click();

  // Their repairs, read live, with work orders and appointments.
  await expect(page.getByRole('heading', { name: new RegExp(`\\(${facts.contactReference}\\)`) })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Data freshness' })).toHaveText(/^Fetched at \d\d:\d\d \(live from Civica Cx\)/);
  const open = page.getByRole('region', { name: `Repair ${facts.openRepairReference}` });
  await expect(open.getByRole('table', { name: `Work orders of ${facts.openRepairReference}` })).toBeVisible();
  const appointments = open.getByRole('table', { name: `Appointments of ${facts.openRepairReference}` });
  const row = appointments.getByRole('row').filter({ hasText: String(facts.futureBookedAppointmentId) });
  await expect(row).toContainText('Booked');

  // An invoiced repair cannot be cancelled, and says why.
  const invoiced = page.getByRole('region', { name: `Repair ${facts.invoicedRepairReference}` });
  const cancelInvoiced = invoiced.getByRole('button', { name: `Cancel repair ${facts.invoicedRepairReference}` });
  await expect(cancelInvoiced).toBeDisabled();
  await expect(cancelInvoiced).toHaveAccessibleDescription(/has been invoiced/);

  // Cancel the booked appointment: a confirmation first; keeping it changes nothing.
  const cancel = row.getByRole('button', { name: `Cancel appointment ${facts.futureBookedAppointmentId}` });
  await expect(cancel).toBeEnabled();
  await cancel.click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this appointment?' });
  await expect(dialog).toContainText(facts.openRepairReference);
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Booked');

  await cancel.click();
  await page.getByRole('dialog', { name: 'Cancel this appointment?' }).getByRole('button', { name: 'Cancel the appointment' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Cancelled appointment ${facts.futureBookedAppointmentId} in Civica Cx.` })).toBeVisible();
  await expect(row).toContainText('Cancelled');
  await expect(cancel).toBeDisabled();
  await expect(cancel).toHaveAccessibleDescription(/Only Booked appointments can be cancelled/);

  // Reopening within the refresh time serves the cache; Refresh now reads Cx again.
  await page.getByRole('button', { name: 'Back to the search' }).click();
  await page
    .getByRole('region', { name: 'Tenants found' })
    .getByRole('button', { name: new RegExp(`^Open ${facts.contactReference} `) })
    .click();
  await expect(page.getByRole('status', { name: 'Data freshness' })).toHaveText(/^Fetched at \d\d:\d\d \(from the cache\)/);
  await expect(
    page
      .getByRole('region', { name: `Repair ${facts.openRepairReference}` })
      .getByRole('row')
      .filter({ hasText: String(facts.futureBookedAppointmentId) }),
  ).toContainText('Cancelled');
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('status', { name: 'Data freshness' })).toHaveText(/^Fetched at \d\d:\d\d \(live from Civica Cx\)/);

  // The cancellation is in the log with who did it.
  await navLink(page, 'Log').click();
  await expect(
    page
      .getByRole('main')
      .getByText(new RegExp(`Cancelled appointment ${facts.futureBookedAppointmentId} \\(contact \\d+\\) in Civica Cx by `))
      .first(),
  ).toBeVisible();
});

test('a cancellation Civica Cx refuses in the body of a 200 answer is shown as refused, in Cx’s words', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectCivicaCx(page, cx);
  await navLink(page, 'Tenants').click();
  const search = page.getByRole('search', { name: 'Find a tenant' });
  await search.getByLabel('Surname').fill(facts.contactSurname);
  await search.getByRole('button', { name: 'Find' }).click();
  await page
    .getByRole('region', { name: 'Tenants found' })
    .getByRole('button', { name: new RegExp(`^Open ${facts.contactReference} `) })
    .click();
  const cancel = page.getByRole('region', { name: `Repair ${facts.openRepairReference}` }).getByRole('button', { name: `Cancel repair ${facts.openRepairReference}` });
  await expect(cancel).toBeEnabled();

  // Meanwhile the back office invoices the repair, and Cx answers refusals quietly.
  expect((await fetch(`${cx.adminUrl}/repairs/${facts.openRepairReference}/invoice`, { method: 'POST' })).status).toBe(200);
  const style = await fetch(`${cx.adminUrl}/refusal-style`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ style: 'body' }) });
  expect(style.status).toBe(200);

  await cancel.click();
  await page.getByRole('dialog', { name: 'Cancel this repair?' }).getByRole('button', { name: 'Cancel the repair' }).click();
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: `Civica Cx refused to cancel repair ${facts.openRepairReference} (it said: "Repair ${facts.openRepairReference} cannot be cancelled:` }),
  ).toBeVisible();
  await expect(cancel).toBeDisabled();
  await expect(cancel).toHaveAccessibleDescription(/has been invoiced/);
});
