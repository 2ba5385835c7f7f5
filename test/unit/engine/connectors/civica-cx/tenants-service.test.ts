/**
 * Cancelling one works order through the Tenants service, against the Cx emulator: the order's
 * Booked appointments go with it; an order with a task invoiced in part is refused before trying,
 * naming the task; an order invoiced since it was read is refused by Cx, in Cx's words, whether
 * Cx answers with a status or in the body; the lists' codes and the time are checked first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallRefusedError } from '../../../../../shared/dispatch';
import type { CivicaCxSettings } from '../../../../../shared/domain/civica-cx';
import type { TenantsService } from '../../../../../electron/engine/connectors/civica-cx/tenants-service';
import type { CivicaCxEmulator } from '../../../../emulators/civica-cx';
import { startCxTenantsRig, type CxTenantsRig } from '../../../../support/cx-tenants-rig';

let rig: CxTenantsRig;
let emu: CivicaCxEmulator;
let settings: CivicaCxSettings;
let tenants: TenantsService;
let logged: CxTenantsRig['logged'];

beforeEach(async () => {
  rig = await startCxTenantsRig();
  ({ emu, settings, tenants, logged } = rig);
});
afterEach(() => rig.close());

const demo = () => emu.demo!;
const NOW = '2026-06-15T11:00:00+01:00';
/** The contact whose repair holds the order invoiced in part. */
const partInvoicedContact = () => Number(emu.records('repairs').find((r) => r.repairReference === demo().partInvoicedRepairReference)!.contactId);
const cancelOpen = (over: Partial<Parameters<TenantsService['cancelWorksOrder']>[0]> = {}) =>
  tenants.cancelWorksOrder({
    contactId: demo().contactId,
    repairRef: demo().openRepairReference,
    worksOrderRef: demo().openWorksOrderReference,
    cancelStatus: 'CNR',
    reason: 'TNR',
    cancelledAt: NOW,
    note: 'Tenant rang: fixed it themselves',
    ...over,
  });
const refusal = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallRefusedError);
  return error as CallRefusedError;
};

describe("a repair's works orders", () => {
  it("shows each order with its tasks' invoice state, its appointments, whether it may be cancelled, and Cx's lists", async () => {
    const view = await tenants.worksOrders(demo().contactId, demo().openRepairReference);
    const open = view.worksOrders.find((o) => o.worksOrderReference === demo().openWorksOrderReference)!;
    expect(open.cancel).toEqual({ allowed: true });
    expect(open.tasks.every((t) => t.invoiceState === 'none')).toBe(true);
    expect(open.appointments).toContainEqual(expect.objectContaining({ appointmentId: demo().futureBookedAppointmentId, entityType: 'Order', status: 'Booked' }));
    expect(view.cancelStatuses.map((c) => c.code)).toEqual(['CAN', 'CNR', 'CDU', 'CRE']);
    expect(view.cancelReasons.map((c) => c.code)).toContain('TNR');
    expect(view.fromCache).toBe(false);
    expect((await tenants.worksOrders(demo().contactId, demo().openRepairReference)).fromCache).toBe(true);
  });

  it('says before trying that an order with a task invoiced in part cannot be cancelled, naming the task, and sends nothing', async () => {
    const contactId = partInvoicedContact();
    const view = await tenants.worksOrders(contactId, demo().partInvoicedRepairReference);
    const order = view.worksOrders.find((o) => o.worksOrderReference === demo().partInvoicedWorksOrderReference)!;
    expect(order.cancel).toMatchObject({ allowed: false, reason: 'invoiced' });
    expect(order.cancel.message).toContain(`Task ${demo().partInvoicedTaskId} (603005 Renew tap washer) is invoiced in part`);
    const outcome = await tenants.cancelWorksOrder({
      contactId,
      repairRef: demo().partInvoicedRepairReference,
      worksOrderRef: demo().partInvoicedWorksOrderReference,
      cancelStatus: 'CAN',
      reason: 'TNR',
      cancelledAt: NOW,
    });
    expect(outcome).toMatchObject({ cancelled: false, reason: 'invoiced' });
    expect(emu.requestLog().filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'))).toEqual([]);
  });

  it('refuses a repair that is not the contact’s', async () => {
    const error = await refusal(tenants.worksOrders(demo().contactId, demo().partInvoicedRepairReference));
    expect(error.message).toContain(`has no repair ${demo().partInvoicedRepairReference}`);
  });
});

describe('cancelling a works order', () => {
  it('cancels it with its Booked appointments, read again from Cx, and logs who asked', async () => {
    await tenants.repairs(demo().contactId); // the page has read the contact (cached)
    const outcome = await cancelOpen();
    expect(outcome.cancelled).toBe(true);
    expect(outcome.message).toBe(`Cancelled works order ${demo().openWorksOrderReference}, with appointment ${demo().futureBookedAppointmentId} in Civica Cx.`);
    const order = outcome.worksOrders.worksOrders.find((o) => o.worksOrderReference === demo().openWorksOrderReference)!;
    expect(order.status).toBe('Cancelled');
    expect(order.cancellation).toMatchObject({ cancelStatus: 'CNR', reason: 'TNR', note: 'Tenant rang: fixed it themselves' });
    expect(order.appointments.find((a) => a.appointmentId === demo().futureBookedAppointmentId)!.status).toBe('Cancelled');
    expect(order.cancel.reason).toBe('already_cancelled');
    expect(outcome.worksOrders.fromCache).toBe(false);
    // The contact's repairs are read again too: the appointment shows cancelled there, the inspection stays.
    const repair = outcome.view.repairs.find((r) => r.repairReference === demo().openRepairReference)!;
    expect(repair.appointments.find((a) => a.appointmentId === demo().futureBookedAppointmentId)!.status).toBe('Cancelled');
    expect(repair.appointments.find((a) => a.appointmentId === demo().completedAppointmentId)!.status).toBe('Completed');
    expect(logged.some((e) => e.level === 'info' && e.message.includes(`Cancelled works order ${demo().openWorksOrderReference}`) && e.message.includes('by jo.bloggs'))).toBe(
      true,
    );
  });

  it('names whoever asks at the moment of cancelling, not who the service was built for', async () => {
    rig.acting.name = 'Sam Patel';
    expect((await cancelOpen()).cancelled).toBe(true);
    expect(logged.filter((e) => e.message.startsWith(`Cancelled works order ${demo().openWorksOrderReference}`)).map((e) => e.message)).toEqual([
      expect.stringContaining('in Civica Cx by Sam Patel'),
    ]);
  });

  it('shows Cx’s own refusal, in its words, for a task invoiced since the order was read', async () => {
    const before = await tenants.worksOrders(demo().contactId, demo().openRepairReference);
    const task = before.worksOrders.find((o) => o.worksOrderReference === demo().openWorksOrderReference)!.tasks[0]!;
    emu.invoiceTask(task.taskId, 'part'); // meanwhile, in the back office
    const outcome = await cancelOpen();
    expect(outcome).toMatchObject({
      cancelled: false,
      reason: 'invoiced',
      message: `Civica Cx refused to cancel works order ${demo().openWorksOrderReference} (it said: "Works order ${demo().openWorksOrderReference} cannot be cancelled: task ${task.taskId} is invoiced in part").`,
    });
    // Read again: the page now says why before anyone tries.
    expect(outcome.worksOrders.worksOrders.find((o) => o.worksOrderReference === demo().openWorksOrderReference)!.cancel.reason).toBe('invoiced');
    expect(logged.some((e) => e.level === 'warn' && e.message.includes('ORDER_INVOICED'))).toBe(true);
  });

  it('shows a refusal Cx makes in the body of a 200 answer, in its words', async () => {
    const before = await tenants.worksOrders(demo().contactId, demo().openRepairReference);
    emu.invoiceTask(before.worksOrders.find((o) => o.worksOrderReference === demo().openWorksOrderReference)!.tasks[0]!.taskId, 'full');
    emu.setRefusalStyle('body');
    const outcome = await cancelOpen();
    expect(outcome.cancelled).toBe(false);
    expect(outcome.message).toMatch(
      new RegExp(
        `^Civica Cx refused to cancel works order ${demo().openWorksOrderReference} \\(it said: "Works order ${demo().openWorksOrderReference} cannot be cancelled: task \\d+ is invoiced in full"\\)\\.$`,
      ),
    );
    expect(emu.records('appointments').find((a) => a.appointmentId === demo().futureBookedAppointmentId)!.status).toBe('Booked');
  });

  it("checks the codes against Cx's lists, the time, and the order before sending anything", async () => {
    expect((await refusal(cancelOpen({ cancelStatus: 'XXX' }))).issues).toEqual([
      { path: 'cancelStatus', message: "is not one of Civica Cx's cancel statuses (CAN, CNR, CDU, CRE)" },
    ]);
    expect((await refusal(cancelOpen({ reason: 'CNR' }))).issues?.[0]?.path).toBe('reason');
    expect((await refusal(cancelOpen({ cancelledAt: '2026-06-15T11:06:00+01:00' }))).issues).toEqual([{ path: 'cancelledAt', message: 'is in the future' }]);
    expect((await refusal(cancelOpen({ cancelledAt: '2020-01-01T09:00:00Z' }))).issues?.[0]?.message).toMatch(/^is before the works order was raised/);
    expect((await refusal(cancelOpen({ worksOrderRef: demo().invoicedWorksOrderReference }))).issues?.[0]?.path).toBe('worksOrderRef');
    expect(emu.requestLog().filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'))).toEqual([]);
  });

  it('is refused before trying when cancellation is switched off', async () => {
    settings.repairCancellation = false;
    const outcome = await cancelOpen();
    expect(outcome).toMatchObject({ cancelled: false, reason: 'cancellation_off' });
    expect(emu.records('appointments').find((a) => a.appointmentId === demo().futureBookedAppointmentId)!.status).toBe('Booked');
  });
});
