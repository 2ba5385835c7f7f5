/**
 * The cancellation rule at its edges: the switch, Cx's rules (invoiced, not Booked, in the past,
 * cancelled, completed), and the days of notice (N x 24 hours: exactly N days is enough, a
 * millisecond less is not), and Cx's refusal codes mapped to the same reasons.
 */
import { describe, expect, it } from 'vitest';
import {
  checkAppointmentCancel,
  checkWorksOrderCancel,
  DAY_MS,
  reasonForCxRefusal,
  refusalMessage,
  type WorksOrderFacts,
} from '../../../../../electron/engine/connectors/civica-cx/cancellation';

const NOW = Date.parse('2026-06-15T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const rules = (over: Partial<{ enabled: boolean; noticeDays: number; nowMs: number }> = {}) => ({ enabled: true, noticeDays: 0, nowMs: NOW, ...over });
const booked = (startMs: number) => ({ status: 'Booked', start: at(startMs) });

describe('appointment cancellation', () => {
  it('allows a Booked future appointment with no notice needed', () => {
    expect(checkAppointmentCancel(booked(NOW + 1), rules())).toEqual({ allowed: true });
  });

  it('is refused when cancellation is switched off, whatever else holds', () => {
    const check = checkAppointmentCancel(booked(NOW + 30 * DAY_MS), rules({ enabled: false }));
    expect(check).toMatchObject({ allowed: false, reason: 'cancellation_off' });
    expect(check.message).toMatch(/switched off/);
  });

  it('needs exactly N days: N x 24 hours is enough, a millisecond less is not', () => {
    expect(checkAppointmentCancel(booked(NOW + 2 * DAY_MS), rules({ noticeDays: 2 }))).toEqual({ allowed: true });
    const short = checkAppointmentCancel(booked(NOW + 2 * DAY_MS - 1), rules({ noticeDays: 2 }));
    expect(short).toMatchObject({ allowed: false, reason: 'notice' });
    expect(short.message).toMatch(/at least 2 days' notice/);
    expect(checkAppointmentCancel(booked(NOW + DAY_MS), rules({ noticeDays: 1 }))).toEqual({ allowed: true });
    expect(checkAppointmentCancel(booked(NOW + DAY_MS - 1), rules({ noticeDays: 1 })).message).toMatch(/at least 1 day's notice/);
  });

  it('with 0 days, may be cancelled until it starts, not at its start', () => {
    expect(checkAppointmentCancel(booked(NOW + 1), rules({ noticeDays: 0 })).allowed).toBe(true);
    expect(checkAppointmentCancel(booked(NOW), rules({ noticeDays: 0 }))).toMatchObject({ allowed: false, reason: 'in_past' });
    expect(checkAppointmentCancel(booked(NOW - DAY_MS), rules())).toMatchObject({ allowed: false, reason: 'in_past' });
  });

  it('a past appointment is "in the past" rather than "too little notice"', () => {
    expect(checkAppointmentCancel(booked(NOW - 1), rules({ noticeDays: 3 })).reason).toBe('in_past');
  });

  it('only Booked appointments', () => {
    for (const status of ['Completed', 'No Access', 'Cancelled']) {
      const check = checkAppointmentCancel({ status, start: at(NOW + 10 * DAY_MS) }, rules());
      expect(check).toMatchObject({ allowed: false, reason: 'not_booked' });
      expect(check.message).toContain(status);
    }
  });

  it('reads times with an offset as instants', () => {
    // 11:00+01:00 is 10:00Z: exactly one day ahead of NOW + 1 day.
    expect(checkAppointmentCancel({ status: 'Booked', start: '2026-06-16T11:00:00+01:00' }, rules({ noticeDays: 1 })).allowed).toBe(true);
    expect(checkAppointmentCancel({ status: 'Booked', start: '2026-06-16T10:59:59+01:00' }, rules({ noticeDays: 1 })).reason).toBe('notice');
  });
});

function order(over: Partial<WorksOrderFacts> = {}): WorksOrderFacts {
  return {
    worksOrderReference: 'WO7',
    status: 'Issued',
    tasks: [{ taskId: 11, sorCode: '603001', description: 'Renew tap', invoiceState: 'none' }],
    appointments: [booked(NOW + 5 * DAY_MS)],
    ...over,
  };
}

describe('works order cancellation', () => {
  it('is allowed for an issued order with nothing invoiced, and refused when switched off', () => {
    expect(checkWorksOrderCancel(order(), rules())).toEqual({ allowed: true });
    expect(checkWorksOrderCancel(order(), rules({ enabled: false })).reason).toBe('cancellation_off');
  });

  it('is refused once any task is invoiced, in part or in full, naming each such task', () => {
    const tasks: WorksOrderFacts['tasks'] = [
      { taskId: 11, sorCode: '603001', description: 'Renew tap', invoiceState: 'none' },
      { taskId: 12, sorCode: '603005', description: 'Renew tap washer', invoiceState: 'part' },
      { taskId: 13, sorCode: '603009', description: 'Clear waste', invoiceState: 'full' },
    ];
    expect(checkWorksOrderCancel(order({ tasks }), rules())).toEqual({
      allowed: false,
      reason: 'invoiced',
      message: 'Task 12 (603005 Renew tap washer) is invoiced in part; task 13 (603009 Clear waste) is invoiced in full, so Civica Cx will not cancel works order WO7.',
    });
  });

  it('is refused for an order already cancelled, completed or invoiced', () => {
    expect(checkWorksOrderCancel(order({ status: 'Cancelled' }), rules())).toMatchObject({ reason: 'already_cancelled', message: 'Works order WO7 is already cancelled.' });
    expect(checkWorksOrderCancel(order({ status: 'Completed' }), rules()).reason).toBe('completed');
    expect(checkWorksOrderCancel(order({ status: 'Invoiced' }), rules()).reason).toBe('invoiced');
  });

  it("needs the days of notice for the order's next Booked appointment, exactly N days being enough", () => {
    expect(checkWorksOrderCancel(order({ appointments: [booked(NOW + 2 * DAY_MS)] }), rules({ noticeDays: 2 }))).toEqual({ allowed: true });
    const short = checkWorksOrderCancel(order({ appointments: [booked(NOW - DAY_MS), booked(NOW + 2 * DAY_MS - 1)] }), rules({ noticeDays: 2 }));
    expect(short).toMatchObject({ reason: 'notice' });
    expect(short.message).toContain("2 days' notice");
    // A past Booked visit goes with the order, needing no notice; a Cancelled one does not count.
    expect(checkWorksOrderCancel(order({ appointments: [booked(NOW - DAY_MS), { status: 'Cancelled', start: at(NOW + 1000) }] }), rules({ noticeDays: 2 }))).toEqual({
      allowed: true,
    });
  });
});

describe("Cx's refusals", () => {
  it('map to the same reasons as the checks', () => {
    expect(reasonForCxRefusal('ORDER_INVOICED')).toBe('invoiced');
    expect(reasonForCxRefusal('ALREADY_CANCELLED')).toBe('already_cancelled');
    expect(reasonForCxRefusal('REPAIR_COMPLETED')).toBe('completed');
    expect(reasonForCxRefusal('ORDER_COMPLETED')).toBe('completed');
    expect(reasonForCxRefusal('APPOINTMENT_NOT_BOOKED')).toBe('not_booked');
    expect(reasonForCxRefusal('APPOINTMENT_IN_PAST')).toBe('in_past');
    expect(reasonForCxRefusal('INTERNAL_ERROR')).toBeUndefined();
    expect(reasonForCxRefusal(undefined)).toBeUndefined();
  });

  it('explain them with what Cx said', () => {
    expect(refusalMessage('invoiced', 'WO1 task 2 is invoiced')).toBe('Civica Cx refused to cancel: work on this repair has been invoiced (Cx said: "WO1 task 2 is invoiced").');
  });
});
