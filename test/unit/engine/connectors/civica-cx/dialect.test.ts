/**
 * The works-order answers are read strictly where a decision rests on them: a task's invoice state
 * decides whether an order may be cancelled, so an unknown one is an unreadable answer, not a guess.
 */
import { describe, expect, it } from 'vitest';
import { ShapeError, worksOrderAnswers, worksOrderRequests } from '../../../../../electron/engine/connectors/civica-cx/dialect';

const order = (over: Record<string, unknown> = {}) => ({
  worksOrderReference: 'WO3300412',
  repairReference: 'REP1',
  status: 'Issued',
  repairStatusCode: 'ISS',
  priority: 'R',
  raisedAt: '2026-06-01T09:00:00+01:00',
  tasks: [{ taskId: 413, sorCode: '603005', description: 'Renew tap washer', invoiceState: 'part' }],
  cancellation: null,
  appointments: [{ appointmentId: 9, entityType: 'Order', start: '2026-06-20T08:00:00+01:00', end: '2026-06-20T12:00:00+01:00', status: 'Booked', cancellation: null }],
  ...over,
});

describe('works-order answers', () => {
  it('reads an order with its tasks and appointments', () => {
    const [read] = worksOrderAnswers.worksOrders([order()]);
    expect(read).toMatchObject({
      worksOrderReference: 'WO3300412',
      tasks: [{ taskId: 413, invoiceState: 'part' }],
      appointments: [{ appointmentId: 9, entityType: 'Order', status: 'Booked' }],
    });
  });

  it('refuses an unknown invoice state, a task without an id, and appointments that are not a list', () => {
    expect(() => worksOrderAnswers.worksOrder(order({ tasks: [{ taskId: 1, invoiceState: 'some' }] }))).toThrow(ShapeError);
    expect(() => worksOrderAnswers.worksOrder(order({ tasks: [{ invoiceState: 'none' }] }))).toThrow(/taskId missing/);
    expect(() => worksOrderAnswers.worksOrder(order({ appointments: {} }))).toThrow(/appointments is not a list/);
    expect(() => worksOrderAnswers.codes([{ name: 'Cancelled' }])).toThrow(/code missing/);
  });

  it('sends the note only when there is one', () => {
    const cancel = { cancelStatus: 'CAN', cancelledAt: '2026-06-15T10:00:00+01:00', reason: 'TNR' };
    expect(worksOrderRequests.cancelWorksOrder('NBH', 'WO 1', cancel)).toMatchObject({ path: '/api/v1/NBH/works-orders/WO%201/cancel', body: cancel });
    expect(worksOrderRequests.cancelWorksOrder('NBH', 'WO1', { ...cancel, note: 'x' }).body).toEqual({ ...cancel, note: 'x' });
  });
});
