/**
 * A housing officer looks up a tenant by surname on the Tenants page, sees their repairs with
 * appointments, cancels a booked appointment after confirming, and sees it cancelled; reopening the
 * tenant serves the cache. Cancelling is per works order: an order with a task invoiced says why
 * not before anyone tries; cancelling one takes its booked appointments with it; an order invoiced
 * meanwhile is refused by Civica Cx, in Cx's words.
 */
import type { Page } from '@playwright/test';
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
  invoicedWorksOrderReference: string;
  openWorksOrderReference: string;
  partlyInvoicedRepairReference: string;
  partlyInvoicedBookedAppointmentId: number;
  partInvoicedRepairReference: string;
  partInvoicedWorksOrderReference: string;
  partInvoicedTaskId: number;
};
test.beforeAll(async () => {
  cx = await startCivicaCxEmulatorProcess();
  facts = ((await (await fetch(`${cx.adminUrl}/demo`)).json()) as { facts: typeof facts }).facts;
});
test.afterAll(async () => {
  await cx?.stop();
});

test('look up a tenant by surname, cancel a booked appointment after confirming; an invoiced works order says why not', async ({ page }) => {
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
  const appointments = open.getByRole('table', { name: `Appointments of ${facts.openRepairReference}` });
  const row = appointments.getByRole('row').filter({ hasText: String(facts.futureBookedAppointmentId) });
  await expect(row).toContainText('Booked');

  // An invoiced repair's works order cannot be cancelled, and says why.
  const invoiced = page.getByRole('region', { name: `Repair ${facts.invoicedRepairReference}` });
  await invoiced.getByRole('button', { name: /^Show works orders/ }).click();
  const cancelInvoiced = invoiced.getByRole('button', { name: `Cancel works order ${facts.invoicedWorksOrderReference}` });
  await expect(cancelInvoiced).toBeDisabled();
  await expect(cancelInvoiced).toHaveAccessibleDescription(/is invoiced in full, so Civica Cx will not cancel works order/);

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

/** Tenants > find by reference > open the tenant. */
async function openTenant(page: Page, reference: string) {
  await navLink(page, 'Tenants').click();
  const search = page.getByRole('search', { name: 'Find a tenant' });
  await search.getByLabel('Reference').fill(reference);
  await search.getByRole('button', { name: 'Find' }).click();
  await page
    .getByRole('region', { name: 'Tenants found' })
    .getByRole('button', { name: new RegExp(`^Open ${reference} `) })
    .click();
  await expect(page.getByRole('heading', { name: new RegExp(`\\(${reference}\\)`) })).toBeVisible();
}

test('cancel a works order on the Tenants page: its booked appointment is cancelled with it', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectCivicaCx(page, cx);
  await openTenant(page, facts.contactReference);
  const repair = page.getByRole('region', { name: `Repair ${facts.partlyInvoicedRepairReference}` });
  const visit = repair
    .getByRole('table', { name: `Appointments of ${facts.partlyInvoicedRepairReference}` })
    .getByRole('row')
    .filter({ hasText: String(facts.partlyInvoicedBookedAppointmentId) });
  await expect(visit).toContainText('Booked');
  await repair.getByRole('button', { name: /^Show works orders/ }).click();
  const orders = repair.getByRole('table', { name: `Works orders of ${facts.partlyInvoicedRepairReference}` });
  // Two orders: the first invoiced in full (says why not), the making-good one with the booked visit.
  await expect(orders.getByRole('row')).toHaveCount(3);
  const row = orders.getByRole('row').filter({ hasText: String(facts.partlyInvoicedBookedAppointmentId) });
  await expect(row).toContainText('not invoiced');
  const cancel = row.getByRole('button', { name: /^Cancel works order / });
  await expect(cancel).toBeEnabled();
  const orderRef = (await cancel.getAttribute('aria-label'))!.replace('Cancel works order ', '');

  await cancel.click();
  const dialog = page.getByRole('dialog', { name: `Cancel works order ${orderRef}?` });
  await expect(dialog.getByRole('button', { name: 'Cancel', exact: true })).toBeFocused();
  await expect(dialog).toContainText(`with its booked appointment ${facts.partlyInvoicedBookedAppointmentId}`);
  await expect(dialog.getByLabel('Date and time')).toHaveValue(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  await expect(dialog.getByRole('button', { name: 'Cancel works order' })).toBeDisabled();
  await dialog.getByRole('combobox', { name: 'Cancel status' }).selectOption({ label: 'Cancelled - no longer required (CNR)' });
  await dialog.getByRole('combobox', { name: 'Reason' }).selectOption({ label: 'Tenant fixed it themselves (TFX)' });
  await dialog.getByLabel('Note').fill('Tenant rang: the ceiling is dry now');
  await dialog.getByRole('button', { name: 'Cancel works order' }).click();

  await expect(
    page.getByRole('status').filter({ hasText: `Cancelled works order ${orderRef}, with appointment ${facts.partlyInvoicedBookedAppointmentId} in Civica Cx.` }),
  ).toBeVisible();
  await expect(dialog).toBeHidden();
  // Read again from Cx: the order and its appointment cancelled, in the works orders and the repair's appointments.
  await expect(row).toContainText('Cancelled');
  await expect(row.getByLabel(`Appointment ${facts.partlyInvoicedBookedAppointmentId} of ${orderRef}`)).toContainText('Cancelled');
  await expect(cancel).toBeDisabled();
  await expect(cancel).toHaveAccessibleDescription(`Works order ${orderRef} is already cancelled.`);
  await expect(visit).toContainText('Cancelled');
});

test('an order with a task invoiced in part says why before trying; one invoiced meanwhile is refused by Civica Cx in its words', async ({ page }) => {
  await openConsole(page, host().consoleUrl);
  await connectCivicaCx(page, cx);
  const admin = async (path: string, body?: unknown) => {
    const res = await fetch(`${cx.adminUrl}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return res.json() as Promise<any>;
  };
  // The seeded order with a task invoiced in part belongs to another tenant.
  const repairs = (await admin('/records/repairs')) as { repairReference: string; contactId: number }[];
  const contactId = repairs.find((r) => r.repairReference === facts.partInvoicedRepairReference)!.contactId;
  const contacts = (await admin('/records/contacts')) as { contactId: number; reference: string }[];
  const neighbour = contacts.find((c) => c.contactId === contactId)!.reference;

  await openTenant(page, neighbour);
  const repair = page.getByRole('region', { name: `Repair ${facts.partInvoicedRepairReference}` });
  await repair.getByRole('button', { name: /^Show works orders/ }).click();
  const cancelPart = repair.getByRole('button', { name: `Cancel works order ${facts.partInvoicedWorksOrderReference}` });
  await expect(cancelPart).toBeDisabled();
  await expect(cancelPart).toHaveAccessibleDescription(
    `Task ${facts.partInvoicedTaskId} (603005 Renew tap washer) is invoiced in part, so Civica Cx will not cancel works order ${facts.partInvoicedWorksOrderReference}.`,
  );
  await expect(repair.getByRole('table', { name: `Works orders of ${facts.partInvoicedRepairReference}` })).toContainText(
    `Task ${facts.partInvoicedTaskId}: 603005 Renew tap washer (invoiced in part)`,
  );

  // The first tenant's open order looks cancellable; meanwhile the back office invoices one of its tasks in part.
  await page.getByRole('button', { name: 'Back to the search' }).click();
  await openTenant(page, facts.contactReference);
  const open = page.getByRole('region', { name: `Repair ${facts.openRepairReference}` });
  await open.getByRole('button', { name: /^Show works orders/ }).click();
  const cancel = open.getByRole('button', { name: `Cancel works order ${facts.openWorksOrderReference}` });
  await expect(cancel).toBeEnabled();
  const taskText = await open
    .getByRole('table', { name: `Works orders of ${facts.openRepairReference}` })
    .getByText(/^Task \d+:/)
    .first()
    .textContent();
  const taskId = Number(/^Task (\d+):/.exec(taskText ?? '')![1]);
  await admin(`/tasks/${taskId}/invoice`, { extent: 'part' });

  await cancel.click();
  const dialog = page.getByRole('dialog', { name: `Cancel works order ${facts.openWorksOrderReference}?` });
  await dialog.getByRole('combobox', { name: 'Cancel status' }).selectOption('CAN');
  await dialog.getByRole('combobox', { name: 'Reason' }).selectOption('TNR');
  await dialog.getByRole('button', { name: 'Cancel works order' }).click();
  await expect(
    page.getByRole('alert').filter({
      hasText: `Civica Cx refused to cancel works order ${facts.openWorksOrderReference} (it said: "Works order ${facts.openWorksOrderReference} cannot be cancelled: task ${taskId} is invoiced in part").`,
    }),
  ).toBeVisible();
  // Read again: the page now says why before anyone tries.
  await expect(cancel).toBeDisabled();
  await expect(cancel).toHaveAccessibleDescription(new RegExp(`^Task ${taskId} .* is invoiced in part`));
});
