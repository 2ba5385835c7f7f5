import { describe, expect, it } from 'vitest';
import { CANCEL, client, emulator, raiseThreeSteps, testClock, type Api } from './helpers';

/** The works orders of a repair as the API shows them. */
async function worksOrders(api: Api, ref: string) {
  return (await api.get(`/NBH/repairs/${ref}/works-orders`)).json as { worksOrderReference: string; status: string; appointments: { appointmentId: number; status: string }[] }[];
}

/** The rest of the works-order cancel (the checks and the invoiced refusals are in works-orders.test.ts). */
describe('cancelling a works order: the visits and the repair it touches', () => {
  it("cancels the order's Booked visit even when it is already in the past", async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const [order] = (await worksOrders(api, emu.demo!.pastBookedRepairReference)).filter((o) => o.appointments.some((a) => a.appointmentId === emu.demo!.pastBookedAppointmentId));
    const reply = await api.post(`/NBH/works-orders/${order!.worksOrderReference}/cancel`, { ...CANCEL, note: undefined });
    expect(reply.status).toBe(200);
    expect(reply.json.cancelledAppointmentIds).toEqual([emu.demo!.pastBookedAppointmentId]);
    expect(reply.json.cancellation.note).toBeNull();
  });

  it('cancels one order of two and leaves the repair open while another order is live', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const ref = emu.demo!.partlyInvoicedRepairReference;
    const live = (await worksOrders(api, ref)).find((o) => o.status !== 'Invoiced')!;
    expect((await api.post(`/NBH/works-orders/${live.worksOrderReference}/cancel`, CANCEL)).status).toBe(200);
    expect((await worksOrders(api, ref)).map((o) => o.status)).toEqual(['Invoiced', 'Cancelled']);
    expect((await api.get(`/NBH/repairs/${ref}`)).json.status).not.toBe('Cancelled');
  });

  it('refuses (409) the order of a completed repair and of a cancelled one', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const [completed] = await worksOrders(api, emu.demo!.completedRepairReference);
    const refused = await api.post(`/NBH/works-orders/${completed!.worksOrderReference}/cancel`, CANCEL);
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ code: 'ORDER_COMPLETED', message: `Works order ${completed!.worksOrderReference} is completed and cannot be cancelled` });
    const [cancelled] = await worksOrders(api, emu.demo!.cancelledRepairReference);
    expect((await api.post(`/NBH/works-orders/${cancelled!.worksOrderReference}/cancel`, CANCEL)).json.code).toBe('ALREADY_CANCELLED');
  });

  it('a repair raised in three steps cancels through its order; once invoiced it does not', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const first = await raiseThreeSteps(api, emu);
    const second = await raiseThreeSteps(api, emu);
    emu.invoiceRepair(second.repairReference);
    expect((await api.post(`/NBH/works-orders/${first.order.worksOrderReference}/cancel`, { ...CANCEL, cancelledAt: first.order.raisedAt })).status).toBe(200);
    expect((await api.get(`/NBH/repairs/${first.repairReference}`)).json.status).toBe('Cancelled');
    expect((await api.post(`/NBH/works-orders/${second.order.worksOrderReference}/cancel`, { ...CANCEL, cancelledAt: second.order.raisedAt })).json.code).toBe('ORDER_INVOICED');
  });
});

describe('cancelling an appointment', () => {
  it('cancels a Booked appointment in the future', async () => {
    const { emu } = await emulator({}, testClock('2024-07-03T10:15:00Z'));
    const api = await client(emu);
    const reply = await api.post(`/NBH/appointments/${emu.demo!.futureBookedAppointmentId}/cancel`, { reason: 'Tenant on holiday' });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      appointmentId: emu.demo!.futureBookedAppointmentId,
      status: 'Cancelled',
      cancellation: { date: '2024-07-03T11:15:00+01:00', reason: 'Tenant on holiday' },
    });
    // The repair itself is not cancelled.
    expect((await api.get(`/NBH/repairs/${emu.demo!.openRepairReference}`)).json.status).toBe('Issued');
  });

  it('refuses (409) appointments that are not Booked: Completed, No Access, Cancelled', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const { completedAppointmentId, noAccessAppointmentId, cancelledAppointmentId } = emu.demo!;
    for (const [id, status] of [
      [completedAppointmentId, 'Completed'],
      [noAccessAppointmentId, 'No Access'],
      [cancelledAppointmentId, 'Cancelled'],
    ] as const) {
      const reply = await api.post(`/NBH/appointments/${id}/cancel`, { reason: 'Not needed' });
      expect(reply.status).toBe(409);
      expect(reply.json).toEqual({ code: 'APPOINTMENT_NOT_BOOKED', message: `Appointment ${id} is ${status}; only Booked appointments can be cancelled` });
    }
    // Cancelling twice: the second answer is 409.
    expect((await api.post(`/NBH/appointments/${emu.demo!.futureBookedAppointmentId}/cancel`, { reason: 'x' })).status).toBe(200);
    expect((await api.post(`/NBH/appointments/${emu.demo!.futureBookedAppointmentId}/cancel`, { reason: 'x' })).status).toBe(409);
  });

  it('refuses (409) a Booked appointment in the past', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.post(`/NBH/appointments/${emu.demo!.pastBookedAppointmentId}/cancel`, { reason: 'Too late' });
    expect(reply.status).toBe(409);
    expect(reply.json.code).toBe('APPOINTMENT_IN_PAST');
  });

  it('allows cancelling up to the last millisecond before the start, not at the start', async () => {
    const clock = testClock('2024-07-03T10:15:00Z');
    const { emu } = await emulator({ tokenLifetimeSeconds: 365 * 86_400 }, clock);
    const api = await client(emu);
    const all = emu.records('appointments').filter((a) => a.companyCode === 'NBH' && a.status === 'Booked' && Date.parse(a.start as string) > clock.now());
    const [a, b] = all as { appointmentId: number; start: string }[];
    const startA = Date.parse(a!.start);
    clock.set(new Date(startA - 1).toISOString());
    expect((await api.post(`/NBH/appointments/${a!.appointmentId}/cancel`, { reason: 'x' })).status).toBe(200);
    const startB = Date.parse(b!.start);
    clock.set(new Date(startB).toISOString());
    const refused = await api.post(`/NBH/appointments/${b!.appointmentId}/cancel`, { reason: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('APPOINTMENT_IN_PAST');
  });

  it('answers 404 for an unknown appointment or one of another company, and 422 without a reason', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    expect((await api.post('/NBH/appointments/1/cancel', { reason: 'x' })).status).toBe(404);
    expect((await api.post('/NBH/appointments/abc/cancel', { reason: 'x' })).status).toBe(404);
    expect((await api.post(`/NBL/appointments/${emu.demo!.futureBookedAppointmentId}/cancel`, { reason: 'x' })).status).toBe(404);
    const noReason = await api.post(`/NBH/appointments/${emu.demo!.futureBookedAppointmentId}/cancel`, { note: 'x' });
    expect(noReason.status).toBe(422);
    expect(noReason.json.errors).toEqual({ note: 'is not a field of an appointment cancellation', reason: 'is required' });
  });
});
