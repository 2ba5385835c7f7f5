import { describe, expect, it } from 'vitest';
import { client, emulator, testClock, validRepair } from './helpers';

async function appointments(api: Awaited<ReturnType<typeof client>>, ref: string) {
  return (await api.get(`/NBH/repairs/${ref}/appointments`)).json as { appointmentId: number; status: string; start: string; cancellation: unknown }[];
}

describe('cancelling a repair', () => {
  it('cancels every order with the cancel status, date, reason and note, and cancels its Booked appointments only', async () => {
    const { emu } = await emulator({}, testClock('2024-07-03T10:15:00Z'));
    const api = await client(emu);
    const ref = emu.demo!.openRepairReference;
    const reply = await api.post(`/NBH/repairs/${ref}/cancel`, { reason: 'Tenant no longer requires repair', note: 'Mould cleaned by tenant' });
    expect(reply.status).toBe(200);
    const cancellation = { status: 'CAN', date: '2024-07-03T11:15:00+01:00', reason: 'Tenant no longer requires repair', note: 'Mould cleaned by tenant' };
    expect(reply.json).toMatchObject({ repairReference: ref, status: 'Cancelled', cancellation, cancelledAppointmentIds: [emu.demo!.futureBookedAppointmentId] });
    for (const order of reply.json.workOrders) expect(order).toMatchObject({ status: 'Cancelled', repairStatusCode: 'CAN', cancellation });
    const after = await appointments(api, ref);
    expect(after.map((a) => [a.appointmentId, a.status])).toEqual([
      [emu.demo!.completedAppointmentId, 'Completed'], // a visit that happened stays as it was
      [emu.demo!.futureBookedAppointmentId, 'Cancelled'],
    ]);
    expect(after[1]!.cancellation).toEqual({ date: '2024-07-03T11:15:00+01:00', reason: 'Tenant no longer requires repair' });
    expect((await api.get(`/NBH/repairs/${ref}`)).json.status).toBe('Cancelled');
  });

  it('refuses (409) a repair whose every task is invoiced', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.post(`/NBH/repairs/${emu.demo!.invoicedRepairReference}/cancel`, { reason: 'Raised in error' });
    expect(reply.status).toBe(409);
    expect(reply.json.code).toBe('ORDER_INVOICED');
    expect(reply.json.message).toMatch(/cannot be cancelled: WO\d+ task \d+ is invoiced$/);
    expect((await api.get(`/NBH/repairs/${emu.demo!.invoicedRepairReference}`)).json.status).toBe('Invoiced');
  });

  it('refuses (409) a repair with one invoiced order, and leaves its other order and Booked visit alone', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const ref = emu.demo!.partlyInvoicedRepairReference;
    const reply = await api.post(`/NBH/repairs/${ref}/cancel`, { reason: 'Raised in error' });
    expect(reply.status).toBe(409);
    expect(reply.json.code).toBe('ORDER_INVOICED');
    const repair = (await api.get(`/NBH/repairs/${ref}`)).json;
    expect(repair.workOrders.map((o: any) => o.status)).toEqual(['Invoiced', 'Issued']);
    expect((await appointments(api, ref)).find((a) => a.appointmentId === emu.demo!.partlyInvoicedBookedAppointmentId)!.status).toBe('Booked');
  });

  it('refuses once invoiced at the edge: a fresh repair cancels, the same repair once invoiced does not', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const first = (await api.post('/NBH/repairs', validRepair(emu))).json.repairReference;
    const second = (await api.post('/NBH/repairs', validRepair(emu))).json.repairReference;
    emu.invoiceRepair(second);
    expect((await api.post(`/NBH/repairs/${first}/cancel`, { reason: 'Raised in error' })).status).toBe(200);
    expect((await api.post(`/NBH/repairs/${second}/cancel`, { reason: 'Raised in error' })).status).toBe(409);
  });

  it('refuses (409) a repair already cancelled or completed', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const cancelled = await api.post(`/NBH/repairs/${emu.demo!.cancelledRepairReference}/cancel`, { reason: 'Again' });
    expect(cancelled.status).toBe(409);
    expect(cancelled.json.code).toBe('ALREADY_CANCELLED');
    const completed = await api.post(`/NBH/repairs/${emu.demo!.completedRepairReference}/cancel`, { reason: 'Late' });
    expect(completed.status).toBe(409);
    expect(completed.json.code).toBe('REPAIR_COMPLETED');
  });

  it('cancels a Booked visit that is already in the past along with the repair', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.post(`/NBH/repairs/${emu.demo!.pastBookedRepairReference}/cancel`, { reason: 'Raised in error' });
    expect(reply.status).toBe(200);
    expect(reply.json.cancelledAppointmentIds).toEqual([emu.demo!.pastBookedAppointmentId]);
  });

  it('validates the reason and note (422), after 404 for an unknown repair', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const ref = emu.demo!.openRepairReference;
    expect((await api.post(`/NBH/repairs/${ref}/cancel`, {})).json.errors).toEqual({ reason: 'is required' });
    expect((await api.post(`/NBH/repairs/${ref}/cancel`, { reason: 'x'.repeat(101) })).json.errors).toEqual({ reason: 'must be at most 100 characters' });
    expect((await api.post(`/NBH/repairs/${ref}/cancel`, { reason: 'ok', note: 5, why: 'x' })).json.errors).toEqual({
      note: 'must be a string',
      why: 'is not a field of a repair cancellation',
    });
    expect((await api.post('/NBH/repairs/REP000000/cancel', {})).status).toBe(404);
    expect((await api.get(`/NBH/repairs/${ref}`)).json.status).toBe('Issued');
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
