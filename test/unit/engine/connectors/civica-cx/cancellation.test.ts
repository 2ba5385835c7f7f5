/**
 * The cancellation rule at its edges: the switch, Cx's rules (invoiced, not Booked, in the past,
 * cancelled, completed), and the days of notice (N x 24 hours: exactly N days is enough, a
 * millisecond less is not), and Cx's refusal codes mapped to the same reasons.
 */
import { describe, expect, it } from 'vitest';
import {
  checkAppointmentCancel,
  checkRepairCancel,
  DAY_MS,
  reasonForCxRefusal,
  refusalMessage,
  type RepairFacts,
} from '../../../../../electron/engine/connectors/civica-cx/cancellation';

const NOW = Date.parse('2026-06-15T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const rules = (over: Partial<{ enabled: boolean; noticeDays: number; nowMs: number }> = {}) => ({ enabled: true, noticeDays: 0, nowMs: NOW, ...over });
const booked = (startMs: number) => ({ status: 'Booked', start: at(startMs) });

function repair(over: Partial<RepairFacts> = {}): RepairFacts {
  return {
    status: 'Issued',
    workOrders: [{ workOrderReference: 'WO1', tasks: [{ invoiced: false }] }],
    appointments: [booked(NOW + 5 * DAY_MS)],
    ...over,
  };
}

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

describe('repair cancellation', () => {
  it('allows an open repair', () => {
    expect(checkRepairCancel(repair(), rules())).toEqual({ allowed: true });
  });

  it('is refused when switched off', () => {
    expect(checkRepairCancel(repair(), rules({ enabled: false })).reason).toBe('cancellation_off');
  });

  it('is refused when any task of any order is invoiced, naming the order', () => {
    const partly = repair({
      workOrders: [
        { workOrderReference: 'WO1', tasks: [{ invoiced: false }] },
        { workOrderReference: 'WO2', tasks: [{ invoiced: false }, { invoiced: true }] },
      ],
    });
    const check = checkRepairCancel(partly, rules());
    expect(check).toMatchObject({ allowed: false, reason: 'invoiced' });
    expect(check.message).toContain('WO2');
    expect(checkRepairCancel(repair({ status: 'Invoiced' }), rules()).reason).toBe('invoiced');
  });

  it('is refused when already cancelled or completed', () => {
    expect(checkRepairCancel(repair({ status: 'Cancelled' }), rules()).reason).toBe('already_cancelled');
    expect(checkRepairCancel(repair({ status: 'Completed' }), rules()).reason).toBe('completed');
  });

  it('needs the days of notice for its next Booked appointment, exactly N days being enough', () => {
    expect(checkRepairCancel(repair({ appointments: [booked(NOW + 3 * DAY_MS)] }), rules({ noticeDays: 3 }))).toEqual({ allowed: true });
    expect(checkRepairCancel(repair({ appointments: [booked(NOW + 3 * DAY_MS - 1)] }), rules({ noticeDays: 3 })).reason).toBe('notice');
    // Past Booked visits and other statuses do not count; the nearest future one does.
    const mixed = repair({ appointments: [booked(NOW - DAY_MS), { status: 'Completed', start: at(NOW + DAY_MS) }, booked(NOW + 10 * DAY_MS)] });
    expect(checkRepairCancel(mixed, rules({ noticeDays: 3 }))).toEqual({ allowed: true });
    // No appointment at all: nothing to give notice of.
    expect(checkRepairCancel(repair({ appointments: [] }), rules({ noticeDays: 3 }))).toEqual({ allowed: true });
  });
});

describe("Cx's refusals", () => {
  it('map to the same reasons as the checks', () => {
    expect(reasonForCxRefusal('ORDER_INVOICED')).toBe('invoiced');
    expect(reasonForCxRefusal('ALREADY_CANCELLED')).toBe('already_cancelled');
    expect(reasonForCxRefusal('REPAIR_COMPLETED')).toBe('completed');
    expect(reasonForCxRefusal('APPOINTMENT_NOT_BOOKED')).toBe('not_booked');
    expect(reasonForCxRefusal('APPOINTMENT_IN_PAST')).toBe('in_past');
    expect(reasonForCxRefusal('INTERNAL_ERROR')).toBeUndefined();
    expect(reasonForCxRefusal(undefined)).toBeUndefined();
  });

  it('explain them with what Cx said', () => {
    expect(refusalMessage('invoiced', 'WO1 task 2 is invoiced')).toBe('Civica Cx refused to cancel: work on this repair has been invoiced (Cx said: "WO1 task 2 is invoiced").');
  });
});
