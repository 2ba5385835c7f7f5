import { describe, expect, it } from 'vitest';
import { CANCEL, ORDER, call, client, emulator, raiseThreeSteps, repairStep, testClock } from './helpers';

describe('works-order cancel code lists', () => {
  it('serves the cancel statuses and reasons as code and name, paged, and nothing else under /lists', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const statuses = await api.get('/NBH/lists/works-order-cancel-statuses');
    expect(statuses.status).toBe(200);
    expect(statuses.json).toContainEqual({ code: 'CNR', name: 'Cancelled - no longer required' });
    expect(statuses.headers.get('x-total-count')).toBe(String(statuses.json.length));
    const reasons = await api.get('/NBH/lists/works-order-cancel-reasons?limit=2');
    expect(reasons.json).toEqual([
      { code: 'TNR', name: 'Tenant no longer requires repair' },
      { code: 'RIE', name: 'Raised in error' },
    ]);
    expect(Number(reasons.headers.get('x-total-count'))).toBeGreaterThan(2);
    expect(emu.codeLists().worksOrderCancelReasons.TNR).toBe('Tenant no longer requires repair');
    expect((await api.get('/NBH/lists/colours')).status).toBe(404);
    expect((await api.post('/NBH/lists/works-order-cancel-reasons', {})).status).toBe(405);
  });
});

describe('raising in three steps: repair, task, works order', () => {
  it('creates a Logged repair, a task carrying the SOR code, then a works order that issues the repair', async () => {
    const { emu } = await emulator({}, testClock('2024-07-03T10:15:00Z'));
    const api = await client(emu);
    const repair = await api.post('/NBH/repairs', repairStep(emu));
    expect(repair.json).toMatchObject({ status: 'Logged', sorCode: '', contract: '', workOrders: [], clientReference: 'CASE-1001/repair', category: 'PLUMB' });
    expect(repair.headers.get('location')).toBe(`/api/v1/NBH/repairs/${repair.json.repairReference}`);
    const ref = repair.json.repairReference as string;

    const task = await api.post(`/NBH/repairs/${ref}/tasks`, { sorCode: '603021', quantity: 1.5, clientReference: 'CASE-1001/task' });
    expect(task.json).toEqual({
      taskId: expect.any(Number),
      sorCode: '603021',
      description: 'Renew kitchen sink tap',
      quantity: 1.5,
      invoiceState: 'none',
      worksOrderReference: null,
      clientReference: 'CASE-1001/task',
    });

    const order = await api.post(`/NBH/repairs/${ref}/works-orders`, { taskIds: [task.json.taskId], ...ORDER });
    expect(order.json).toMatchObject({
      worksOrderReference: expect.stringMatching(/^WO\d{7}$/),
      worksOrderGuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      repairReference: ref,
      status: 'Issued',
      repairStatusCode: 'ISS',
      ...ORDER,
      raisedAt: '2024-07-03T11:15:00+01:00',
      targetDate: '2024-07-31', // routine: 28 days
      cancellation: null,
      appointments: [],
    });
    expect(order.json.tasks).toEqual([{ ...task.json, worksOrderReference: order.json.worksOrderReference }]);
    expect(order.headers.get('location')).toBe(`/api/v1/NBH/works-orders/${order.json.worksOrderReference}`);

    // The repair as it is read: Issued, its SOR code and contract from the task and the order.
    const stored = await api.get(`/NBH/repairs/${ref}`);
    expect(stored.json).toMatchObject({ status: 'Issued', sorCode: '603021', contract: 'NBRM01' });
    expect(stored.json.workOrders.map((w: { workOrderReference: string }) => w.workOrderReference)).toEqual([order.json.worksOrderReference]);
    expect((await api.get(`/NBH/works-orders/${order.json.worksOrderReference}`)).json).toEqual(order.json);
  });

  it('refuses step one with a SOR code or contract (they belong to the task and the order), naming each field', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.post('/NBH/repairs', repairStep(emu, { sorCode: '603021', contract: 'NBRM01', clientReference: '' }));
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.json.errors).sort()).toEqual(['clientReference', 'contract', 'sorCode']);
    expect(reply.json.errors.sorCode).toMatch(/^is not a field of a repair raised step by step/);
    expect(reply.json.errors.clientReference).toBe('must not be blank');
  });

  it('refuses a task whose SOR code is outside the repair category, or whose quantity is not a sensible amount', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const ref = (await api.post('/NBH/repairs', repairStep(emu))).json.repairReference;
    const errors = async (body: Record<string, unknown>) =>
      (await api.post(`/NBH/repairs/${ref}/tasks`, { sorCode: '603021', quantity: 1, clientReference: 'T1', ...body })).json.errors;
    expect(await errors({ sorCode: '705001' })).toEqual({ sorCode: 'SOR 705001 is in category ELEC, not PLUMB' });
    expect(await errors({ sorCode: '999999' })).toEqual({ sorCode: '999999 is not in the schedule of rates' });
    expect(await errors({ quantity: 0 })).toEqual({ quantity: 'must be a number above 0 and at most 9999' });
    expect(await errors({ quantity: '2' })).toEqual({ quantity: 'must be a number above 0 and at most 9999' });
    expect(await errors({ quantity: 1.255 })).toEqual({ quantity: 'must have at most two decimal places' });
    expect(await errors({ quantity: undefined, clientReference: undefined })).toEqual({ quantity: 'is required', clientReference: 'is required' });
    expect((await api.post('/NBH/repairs/REP999999/tasks', { sorCode: '603021', quantity: 1, clientReference: 'T1' })).status).toBe(404);
    expect((await api.get(`/NBH/repairs/${ref}/tasks`)).json).toEqual([]);
  });

  it("checks Cx's mandatory works-order fields, naming each one left out", async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.post(`/NBH/repairs/${emu.demo!.openRepairReference}/works-orders`, {});
    expect(reply.status).toBe(422);
    expect(reply.json.code).toBe('VALIDATION_FAILED');
    expect(reply.json.errors).toEqual({
      taskIds: 'is required',
      priority: 'is required',
      contract: 'is required',
      trade: 'is required',
      raisedBy: 'is required',
      clientReference: 'is required',
    });
    expect(reply.json.message).toMatch(
      /^Validation failed: taskIds is required; priority is required; contract is required; trade is required; raisedBy is required; clientReference is required$/,
    );
  });

  it('refuses tasks that are not the repair’s or are already on an order, bad codes, and a target date in the past', async () => {
    const { emu } = await emulator({}, testClock('2024-07-03T10:15:00Z'));
    const api = await client(emu);
    const { repairReference, taskId, order } = await raiseThreeSteps(api, emu);
    const errors = async (body: Record<string, unknown>) => (await api.post(`/NBH/repairs/${repairReference}/works-orders`, { ...ORDER, ...body })).json.errors;
    expect(await errors({ taskIds: [taskId, 424242] })).toEqual({
      taskIds: `task ${taskId} is already on works order ${order.worksOrderReference}; task 424242 is not a task of repair ${repairReference}`,
    });
    expect(await errors({ taskIds: [] })).toEqual({ taskIds: 'must be a list of one or more task ids' });
    expect(await errors({ taskIds: [taskId, taskId] })).toEqual({ taskIds: 'must not name a task twice' });
    const fresh = (await api.post(`/NBH/repairs/${repairReference}/tasks`, { sorCode: '603005', quantity: 1, clientReference: 'T2' })).json.taskId;
    expect(await errors({ taskIds: [fresh], priority: 'X', trade: 'GAS', targetDate: '2024-07-02' })).toEqual({
      priority: 'X is not a priority (one of E, U, R, P)',
      trade: 'GAS is not a trade (one of PLUMB, HEAT, ELEC, CARP, ROOF, DAMP, GLAZ, EXT)',
      targetDate: 'must not be before today (2024-07-03)',
    });
    const dated = await api.post(`/NBH/repairs/${repairReference}/works-orders`, { ...ORDER, taskIds: [fresh], targetDate: '2024-07-10' });
    expect(dated.json).toMatchObject({ targetDate: '2024-07-10', tasks: [{ taskId: fresh }] });
  });

  it('refuses (409) a task or works order on a repair that is closed', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const reply = await api.post(`/NBH/repairs/${emu.demo!.cancelledRepairReference}/tasks`, { sorCode: '862001', quantity: 1, clientReference: 'T1' });
    expect(reply.status).toBe(409);
    expect(reply.json).toEqual({ code: 'REPAIR_CLOSED', message: `Repair ${emu.demo!.cancelledRepairReference} is Cancelled: no task can be added to it` });
  });
});

describe('finding a step by its client reference', () => {
  it('finds the repair, the task and the works order a caller created, and nothing for another reference', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const { repairReference, taskId, order } = await raiseThreeSteps(api, emu);
    const repairs = await api.get('/NBH/repairs?clientReference=CASE-1001%2Frepair');
    expect(repairs.json.map((r: { repairReference: string }) => r.repairReference)).toEqual([repairReference]);
    expect(repairs.headers.get('x-total-count')).toBe('1');
    expect((await api.get('/NBH/repairs?clientReference=CASE-9999')).json).toEqual([]);
    expect((await api.get('/NBL/repairs?clientReference=CASE-1001%2Frepair')).json).toEqual([]); // another company
    const tasks = await api.get(`/NBH/repairs/${repairReference}/tasks?clientReference=CASE-1001%2Ftask`);
    expect(tasks.json.map((t: { taskId: number }) => t.taskId)).toEqual([taskId]);
    const orders = await api.get(`/NBH/repairs/${repairReference}/works-orders?clientReference=CASE-1001%2Forder`);
    expect(orders.json).toEqual([order]);
    expect((await api.get(`/NBH/repairs/${repairReference}/works-orders?clientReference=other`)).json).toEqual([]);
    const bad = await api.get(`/NBH/repairs/${repairReference}/tasks?ref=1`);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.errors)).toEqual(['ref']);
  });

  it('does not refuse a second record with the same reference: a step sent again blindly is a duplicate', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    await api.post('/NBH/repairs', repairStep(emu));
    await api.post('/NBH/repairs', repairStep(emu));
    const found = await api.get('/NBH/repairs?clientReference=CASE-1001%2Frepair');
    expect(found.json).toHaveLength(2);
  });
});

describe('a lost answer on each step (the step is done, the answer never arrives)', () => {
  it('leaves a record the caller finds by its client reference, for the repair, the task and the works order', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    emu.setFaults({ dropAfterCommitRate: 1 });
    await expect(api.post('/NBH/repairs', repairStep(emu))).rejects.toThrow();
    emu.clearFaults();
    const repairs = (await api.get('/NBH/repairs?clientReference=CASE-1001%2Frepair')).json;
    expect(repairs).toHaveLength(1);
    const ref = repairs[0].repairReference;

    emu.setFaults({ dropAfterCommitRate: 1 });
    await expect(api.post(`/NBH/repairs/${ref}/tasks`, { sorCode: '603021', quantity: 1, clientReference: 'CASE-1001/task' })).rejects.toThrow();
    emu.clearFaults();
    const tasks = (await api.get(`/NBH/repairs/${ref}/tasks?clientReference=CASE-1001%2Ftask`)).json;
    expect(tasks).toHaveLength(1);

    emu.setFaults({ dropAfterCommitRate: 1 });
    await expect(api.post(`/NBH/repairs/${ref}/works-orders`, { taskIds: [tasks[0].taskId], ...ORDER })).rejects.toThrow();
    emu.clearFaults();
    const orders = (await api.get(`/NBH/repairs/${ref}/works-orders?clientReference=CASE-1001%2Forder`)).json;
    expect(orders).toHaveLength(1);
    expect(orders[0].tasks.map((t: { taskId: number }) => t.taskId)).toEqual([tasks[0].taskId]);
    expect(emu.requestLog().filter((e) => e.method === 'POST' && e.status === 0)).toHaveLength(3);
  });

  it('a dropped request (dropRate) creates nothing, and forced failures can aim at each new write', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    emu.setFaults({ dropRate: 1 });
    await expect(api.post('/NBH/repairs', repairStep(emu))).rejects.toThrow();
    emu.clearFaults();
    expect((await api.get('/NBH/repairs?clientReference=CASE-1001%2Frepair')).json).toEqual([]);
    const ref = emu.demo!.openRepairReference;
    emu.setFaults({ forceValidationFailure: { operation: 'addTask', field: 'sorCode', message: 'is suspended', count: 1 } });
    expect((await api.post(`/NBH/repairs/${ref}/tasks`, { sorCode: '481001', quantity: 1, clientReference: 'T' })).json.errors).toEqual({ sorCode: 'is suspended' });
    emu.setFaults({ forceValidationFailure: { operation: 'cancelWorksOrder', field: 'reason', count: 1 } });
    const forced = await api.post(`/NBH/works-orders/${emu.demo!.openWorksOrderReference}/cancel`, CANCEL);
    expect(forced.json.errors).toEqual({ reason: 'is not valid' });
    expect((await api.get(`/NBH/works-orders/${emu.demo!.openWorksOrderReference}`)).json.status).not.toBe('Cancelled');
  });
});

describe('cancelling a works order', () => {
  it('records the cancel status, time, reason and note, and cancels its Booked appointments with it', async () => {
    const { emu } = await emulator({}, testClock('2024-07-03T10:15:00Z'));
    const api = await client(emu);
    const reference = emu.demo!.openWorksOrderReference;
    const reply = await api.post(`/NBH/works-orders/${reference}/cancel`, CANCEL);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      worksOrderReference: reference,
      status: 'Cancelled',
      repairStatusCode: 'CNR',
      cancellation: { cancelStatus: 'CNR', cancelledAt: '2024-07-03T11:00:00+01:00', reason: 'TNR', note: 'Tenant phoned: fixed by a relative' },
      cancelledAppointmentIds: [emu.demo!.futureBookedAppointmentId],
    });
    expect(reply.json.appointments).toEqual([
      expect.objectContaining({
        appointmentId: emu.demo!.futureBookedAppointmentId,
        entityType: 'Order',
        status: 'Cancelled',
        cancellation: { date: '2024-07-03T11:00:00+01:00', reason: 'TNR' },
      }),
    ]);
    // The inspection belongs to the repair, not the order: it stays as it was.
    const all = (await api.get(`/NBH/repairs/${emu.demo!.openRepairReference}/appointments`)).json;
    expect(all.find((a: { appointmentId: number }) => a.appointmentId === emu.demo!.completedAppointmentId).status).toBe('Completed');
    // Its only order is cancelled, so the repair is too.
    expect((await api.get(`/NBH/repairs/${emu.demo!.openRepairReference}`)).json.status).toBe('Cancelled');
    const again = await api.post(`/NBH/works-orders/${reference}/cancel`, CANCEL);
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ code: 'ALREADY_CANCELLED', message: `Works order ${reference} is already cancelled` });
  });

  it('refuses (409) an order with a task invoiced in part, and leaves it and its Booked visit alone', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const demo = emu.demo!;
    const reply = await api.post(`/NBH/works-orders/${demo.partInvoicedWorksOrderReference}/cancel`, CANCEL);
    expect(reply.status).toBe(409);
    expect(reply.json).toEqual({
      code: 'ORDER_INVOICED',
      message: `Works order ${demo.partInvoicedWorksOrderReference} cannot be cancelled: task ${demo.partInvoicedTaskId} is invoiced in part`,
    });
    const order = (await api.get(`/NBH/works-orders/${demo.partInvoicedWorksOrderReference}`)).json;
    expect(order.status).toBe('In Progress');
    expect(order.tasks.map((t: { invoiceState: string }) => t.invoiceState)).toEqual(['none', 'part']);
    expect(order.appointments.find((a: { appointmentId: number }) => a.appointmentId === demo.partInvoicedBookedAppointmentId).status).toBe('Booked');
  });

  it('refuses (409) an order invoiced in full, and one the back office invoiced after it was raised', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    const full = await api.post(`/NBH/works-orders/${emu.demo!.invoicedWorksOrderReference}/cancel`, CANCEL);
    expect(full.status).toBe(409);
    expect(full.json.message).toMatch(new RegExp(`^Works order ${emu.demo!.invoicedWorksOrderReference} cannot be cancelled: task \\d+ is invoiced in full$`));

    const { taskId, order } = await raiseThreeSteps(api, emu);
    emu.invoiceTask(taskId, 'part');
    const refused = await api.post(`/NBH/works-orders/${order.worksOrderReference}/cancel`, { ...CANCEL, cancelledAt: order.raisedAt });
    expect(refused.status).toBe(409);
    expect(refused.json.message).toBe(`Works order ${order.worksOrderReference} cannot be cancelled: task ${taskId} is invoiced in part`);
  });

  it('checks the cancel: status and reason from the lists, a date and time with its offset, not before the order nor in the future', async () => {
    const { emu } = await emulator({}, testClock('2024-07-03T10:15:00Z'));
    const api = await client(emu);
    const reference = emu.demo!.openWorksOrderReference;
    const errors = async (body: Record<string, unknown>) => {
      const reply = await api.post(`/NBH/works-orders/${reference}/cancel`, { ...CANCEL, ...body });
      expect(reply.status).toBe(422);
      return reply.json.errors;
    };
    expect(await errors({ reason: 'Changed mind' })).toEqual({ reason: expect.stringMatching(/^Changed mind is not a works-order cancel reason \(one of TNR, RIE/) });
    expect(await errors({ cancelStatus: 'ISS' })).toEqual({ cancelStatus: expect.stringMatching(/^ISS is not a works-order cancel status \(one of CAN, CNR/) });
    expect(await errors({ cancelStatus: undefined, reason: undefined, cancelledAt: undefined })).toEqual({
      cancelStatus: 'is required',
      reason: 'is required',
      cancelledAt: 'is required',
    });
    expect(await errors({ cancelledAt: '2024-07-03T11:00:00' })).toEqual({ cancelledAt: 'must be a date and time with its offset, as 2024-07-03T11:15:00+01:00' });
    expect(await errors({ cancelledAt: '2024-07-03' })).toEqual({ cancelledAt: 'must be a date and time with its offset, as 2024-07-03T11:15:00+01:00' });
    expect(await errors({ cancelledAt: '2024-07-03T12:00:00+01:00' })).toEqual({ cancelledAt: 'must not be in the future' });
    expect(await errors({ cancelledAt: '2020-01-01T09:00:00Z' })).toEqual({ cancelledAt: expect.stringMatching(/^must not be before the works order was raised \(2024-06-2\d/) });
    expect(await errors({ colour: 'red', note: 5 })).toEqual({ colour: 'is not a field of a works-order cancellation', note: 'must be a string' });
    // A time a few minutes ahead (a caller's clock drifting) is taken.
    expect((await api.post(`/NBH/works-orders/${reference}/cancel`, { ...CANCEL, cancelledAt: '2024-07-03T11:18:00+01:00' })).status).toBe(200);
  });

  it('answers 404 for an order of another company or none, and 405 for a wrong verb', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    expect((await api.post('/NBH/works-orders/WO0000001/cancel', CANCEL)).json).toEqual({ code: 'NOT_FOUND', message: 'No works order WO0000001 in company NBH' });
    expect((await api.post(`/NBL/works-orders/${emu.demo!.openWorksOrderReference}/cancel`, CANCEL)).status).toBe(404);
    const wrongVerb = await call(emu, 'GET', `/api/v1/NBH/works-orders/${emu.demo!.openWorksOrderReference}/cancel`, { token: api.token });
    expect(wrongVerb.status).toBe(405);
    expect(wrongVerb.headers.get('allow')).toBe('POST');
    const tasksVerb = await call(emu, 'DELETE', `/api/v1/NBH/repairs/${emu.demo!.openRepairReference}/tasks`, { token: api.token });
    expect(tasksVerb.headers.get('allow')).toBe('GET, POST');
  });
});
