import { describe, expect, it } from 'vitest';
import { PRIORITIES } from '../../../emulators/civica-cx/codes';
import { seedCompanies, seedDemoData } from '../../../emulators/civica-cx/seed';
import { isRefusal, Store } from '../../../emulators/civica-cx/store';
import { cancelWorksOrder, invoiceTask, targetDateFor, tasksOf } from '../../../emulators/civica-cx/works-order-rules';

const AT = Date.parse('2024-07-03T10:15:00Z');

function seeded(seed: number) {
  const store = new Store(seed);
  seedCompanies(store);
  const demo = seedDemoData(store, seed, AT);
  return { store, demo };
}

const cancel = { cancelStatus: 'CAN', cancelledAt: AT, reason: 'RIE', note: null };

/** Seeding is CPU-bound (a few seconds for six seeds on a busy 2-core machine): a generous hang guard, not a speed target. */
const SEEDING_GUARD_MS = 30_000;

describe('seeded data at the works-order level', () => {
  it(
    'gives every order its mandatory fields, the same for the same seed',
    () => {
      const a = seeded(7);
      const b = seeded(7);
      expect([...b.store.repairs.values()]).toEqual([...a.store.repairs.values()]);
      const codes = PRIORITIES.map((p) => p[0]);
      for (const repair of a.store.repairs.values()) {
        expect(repair.workOrders.length).toBeGreaterThan(0);
        expect(repair.tasksWithoutOrder).toEqual([]);
        for (const order of repair.workOrders) {
          expect(codes).toContain(order.priority);
          expect(order.trade).toMatch(/^[A-Z]+$/);
          expect(order.raisedBy).toBe('Repairs Contact Centre');
          expect(order.targetDate).toBe(targetDateFor(order.raisedAt, order.priority));
          expect(order.tasks.length).toBeGreaterThan(0);
        }
      }
    },
    SEEDING_GUARD_MS,
  );

  it(
    'has tasks invoiced in full and in part, and Booked visits on orders',
    () => {
      const { store, demo } = seeded(3);
      const tasks = [...store.repairs.values()].flatMap((r) => tasksOf(r).map((t) => t.task));
      expect(tasks.some((t) => t.invoiced === 'full')).toBe(true);
      expect(tasks.find((t) => t.taskId === demo.partInvoicedTaskId)!.invoiced).toBe('part');
      // Beside the fixed one, interim invoices on some orders in progress (over a few seeds).
      const interim = [1, 2, 3, 4, 5].flatMap((n) =>
        [...seeded(n).store.repairs.values()].filter((r) => r.status === 'In Progress' && r.workOrders[0]!.tasks[0]!.invoiced === 'part'),
      );
      expect(interim.length).toBeGreaterThan(5);
      const booked = [...store.appointments.values()].filter((a) => a.status === 'Booked' && a.kind === 'Order');
      expect(booked.length).toBeGreaterThan(5);
      expect(booked.map((a) => a.appointmentId)).toContain(demo.partInvoicedBookedAppointmentId);
    },
    SEEDING_GUARD_MS,
  );
});

describe('works-order rules', () => {
  it('cancels one order of two and leaves the repair and the other order open', () => {
    const { store, demo } = seeded(1);
    const repair = store.repairs.get(demo.partlyInvoicedRepairReference)!;
    const [invoiced, open] = repair.workOrders;
    const result = cancelWorksOrder(store, 'NBH', open!.workOrderReference, cancel);
    expect(isRefusal(result)).toBe(false);
    expect(open!.status).toBe('Cancelled');
    expect(invoiced!.status).toBe('Invoiced');
    expect(repair.status).toBe('Issued');
    expect(store.appointments.get(demo.partlyInvoicedBookedAppointmentId)!.status).toBe('Cancelled');
  });

  it('refuses an order of another company, and names every invoiced task', () => {
    const { store, demo } = seeded(1);
    expect(cancelWorksOrder(store, 'NBL', demo.openWorksOrderReference, cancel)).toMatchObject({ status: 404 });
    const order = store.repairs.get(demo.openRepairReference)!.workOrders[0]!;
    const second = store.newTask({ sorCode: '481001', description: 'Mould wash', quantity: 1, invoiced: false, clientReference: null });
    order.tasks.push(second);
    invoiceTask(store, order.tasks[0]!.taskId, 'full');
    invoiceTask(store, second.taskId, 'part');
    expect(cancelWorksOrder(store, 'NBH', order.workOrderReference, cancel)).toEqual({
      status: 409,
      code: 'ORDER_INVOICED',
      message: `Works order ${order.workOrderReference} cannot be cancelled: task ${order.tasks[0]!.taskId} is invoiced in full, task ${second.taskId} is invoiced in part`,
    });
  });

  it('invoices only tasks on a live works order', () => {
    const { store, demo } = seeded(1);
    const repair = store.repairs.get(demo.openRepairReference)!;
    const loose = store.newTask({ sorCode: '481001', description: 'Mould wash', quantity: 1, invoiced: false, clientReference: 'T' });
    repair.tasksWithoutOrder.push(loose);
    expect(invoiceTask(store, loose.taskId, 'part')).toMatchObject({ status: 409, code: 'TASK_NOT_ORDERED' });
    expect(loose.invoiced).toBe(false);
    const cancelled = store.repairs.get(demo.cancelledRepairReference)!.workOrders[0]!.tasks[0]!;
    expect(invoiceTask(store, cancelled.taskId, 'full')).toMatchObject({
      status: 409,
      message: expect.stringMatching(/is on cancelled works order WO\d+ and cannot be invoiced$/),
    });
    expect(invoiceTask(store, 9_999_999, 'full')).toEqual({ status: 404, code: 'NOT_FOUND', message: 'No task 9999999' });
  });

  it('dates an order by its priority, on the London calendar', () => {
    // 23:30 UTC on 30 June is already 1 July in London.
    expect(targetDateFor(Date.parse('2024-06-30T23:30:00Z'), 'E')).toBe('2024-07-02');
    expect(targetDateFor(Date.parse('2024-06-30T23:30:00Z'), 'P')).toBe('2024-09-29');
    expect(() => targetDateFor(AT, 'Z')).toThrow('No priority Z');
  });
});
