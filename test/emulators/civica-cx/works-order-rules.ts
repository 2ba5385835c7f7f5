/**
 * Cx at the works-order level (our design over the public material in
 * ../shared/reference/civica-cx.md): a repair's tasks and works orders, raised in three steps
 * (repair, task, works order), and the cancellation of one works order. Rules only; the HTTP
 * shapes are in works-orders.ts; the appointment-cancel rule is in store.ts.
 *
 * Decisions:
 * - Client references are stored and searchable, never unique: Cx would not refuse a second
 *   record with the same reference, so a caller that re-sends a step without looking it up first
 *   gets a duplicate, as it would against the real system.
 * - A repair raised step by step is `Logged` until its first works order, then `Issued`; its
 *   repair-level sorCode / contract (as a repair is read) are its first task's and first order's.
 * - Cancelling an order cancels every `Booked` appointment of that order, past ones too (public:
 *   "all the order's appointments are cancelled with it"; only Booked ones can be). Inspections
 *   belong to the repair and are left alone. When no live order and no unordered task is left,
 *   the repair is cancelled with the same cancellation (inferred).
 */
import { DateTime } from 'luxon';
import { PRIORITIES, REPAIR_STATUS_CODES } from './codes';
import { ZONE } from './context';
import type { Refusal, Store } from './store';
import type { Repair, Task, WorkOrder } from './types';

/** The day a works order is due: the London day it was raised plus its priority's target days. */
export function targetDateFor(raisedAt: number, priority: string): string {
  const days = PRIORITIES.find((p) => p[0] === priority)?.[2];
  if (days === undefined) throw new Error(`No priority ${priority}`);
  return DateTime.fromMillis(raisedAt, { zone: ZONE }).plus({ days }).toFormat('yyyy-MM-dd');
}

/** The mandatory works-order fields of an order the seed raises. */
export function orderFieldsFor(priority: string, trade: string, raisedAt: number, raisedBy: string) {
  return { priority, trade, raisedBy, targetDate: targetDateFor(raisedAt, priority), clientReference: null };
}

export function repairsWithClientReference(store: Store, companyCode: string, clientReference: string): Repair[] {
  return [...store.repairs.values()].filter((r) => r.companyCode === companyCode && r.clientReference === clientReference);
}

/** Every task of a repair, on an order or not, with the order it is on (null when none). */
export function tasksOf(repair: Repair): { task: Task; order: WorkOrder | null }[] {
  return [...repair.workOrders.flatMap((order) => order.tasks.map((task) => ({ task, order }))), ...repair.tasksWithoutOrder.map((task) => ({ task, order: null }))];
}

/** The repair and its works order, found by the order's reference within a company. */
export function findWorksOrder(store: Store, companyCode: string, reference: string): { repair: Repair; order: WorkOrder } | undefined {
  for (const repair of store.repairs.values()) {
    if (repair.companyCode !== companyCode) continue;
    const order = repair.workOrders.find((w) => w.workOrderReference === reference);
    if (order) return { repair, order };
  }
  return undefined;
}

const CLOSED: Repair['status'][] = ['Completed', 'Invoiced', 'Cancelled'];

function closedRefusal(repair: Repair, what: string): Refusal | null {
  return CLOSED.includes(repair.status)
    ? { status: 409, code: 'REPAIR_CLOSED', message: `Repair ${repair.repairReference} is ${repair.status}: no ${what} can be added to it` }
    : null;
}

export function addTask(store: Store, repair: Repair, input: { sorCode: string; description: string; quantity: number; clientReference: string }): Task | Refusal {
  const refused = closedRefusal(repair, 'task');
  if (refused) return refused;
  const task = store.newTask({ ...input, invoiced: false });
  repair.tasksWithoutOrder.push(task);
  if (repair.sorCode === '') repair.sorCode = task.sorCode;
  return task;
}

export interface WorksOrderInput {
  taskIds: number[];
  priority: string;
  contract: string;
  trade: string;
  raisedBy: string;
  targetDate: string | null;
  clientReference: string;
}

/** Puts tasks that are on no order yet onto a new works order (validation has checked they are). */
export function raiseWorksOrder(store: Store, repair: Repair, input: WorksOrderInput, now: number): WorkOrder | Refusal {
  const refused = closedRefusal(repair, 'works order');
  if (refused) return refused;
  const order = store.newWorkOrder({
    status: 'Issued',
    repairStatusCode: REPAIR_STATUS_CODES.Issued,
    contract: input.contract,
    raisedAt: now,
    tasks: [],
    cancellation: null,
    priority: input.priority,
    trade: input.trade,
    raisedBy: input.raisedBy,
    targetDate: input.targetDate ?? targetDateFor(now, input.priority),
    clientReference: input.clientReference,
  });
  for (const id of input.taskIds) {
    const at = repair.tasksWithoutOrder.findIndex((t) => t.taskId === id);
    order.tasks.push(...repair.tasksWithoutOrder.splice(at, 1));
  }
  repair.workOrders.push(order);
  if (repair.contract === '') repair.contract = order.contract;
  if (repair.status === 'Logged') repair.status = 'Issued';
  return order;
}

export interface CancelWorksOrderInput {
  cancelStatus: string;
  cancelledAt: number;
  reason: string;
  note: string | null;
}

export interface CancelWorksOrderResult {
  repair: Repair;
  order: WorkOrder;
  cancelledAppointmentIds: number[];
}

const INVOICED_WORDS = { part: 'in part', full: 'in full' } as const;

/** Cx's rules for cancelling one works order: refused when any of its tasks is invoiced, in part or in full. */
export function cancelWorksOrder(store: Store, companyCode: string, reference: string, input: CancelWorksOrderInput): CancelWorksOrderResult | Refusal {
  const found = findWorksOrder(store, companyCode, reference);
  if (!found) return { status: 404, code: 'NOT_FOUND', message: `No works order ${reference} in company ${companyCode}` };
  const { repair, order } = found;
  const invoiced = order.tasks.filter((t) => t.invoiced !== false).map((t) => `task ${t.taskId} is invoiced ${INVOICED_WORDS[t.invoiced as 'part' | 'full']}`);
  if (invoiced.length) return { status: 409, code: 'ORDER_INVOICED', message: `Works order ${reference} cannot be cancelled: ${invoiced.join(', ')}` };
  if (order.status === 'Cancelled') return { status: 409, code: 'ALREADY_CANCELLED', message: `Works order ${reference} is already cancelled` };
  if (order.status === 'Completed') return { status: 409, code: 'ORDER_COMPLETED', message: `Works order ${reference} is completed and cannot be cancelled` };

  const cancellation = { status: input.cancelStatus, date: input.cancelledAt, reason: input.reason, note: input.note };
  order.status = 'Cancelled';
  order.repairStatusCode = input.cancelStatus;
  order.cancellation = cancellation;
  const cancelledAppointmentIds: number[] = [];
  for (const appointment of store.appointmentsOf(repair.repairReference)) {
    if (appointment.workOrderReference !== reference || appointment.status !== 'Booked') continue;
    appointment.status = 'Cancelled';
    appointment.cancellation = { date: input.cancelledAt, reason: input.reason };
    cancelledAppointmentIds.push(appointment.appointmentId);
  }
  if (repair.workOrders.every((w) => w.status === 'Cancelled') && repair.tasksWithoutOrder.length === 0) {
    repair.status = 'Cancelled';
    repair.cancellation = { ...cancellation };
  }
  return { repair, order, cancelledAppointmentIds };
}

/** The back office invoices one task of a live works order, in part or in full (tests and the demo set this up). */
export function invoiceTask(store: Store, taskId: number, extent: 'part' | 'full'): { task: Task; order: WorkOrder } | Refusal {
  for (const repair of store.repairs.values()) {
    const found = tasksOf(repair).find(({ task }) => task.taskId === taskId);
    if (!found) continue;
    if (!found.order) return { status: 409, code: 'TASK_NOT_ORDERED', message: `Task ${taskId} is on no works order yet, so nothing of it can be invoiced` };
    if (found.order.status === 'Cancelled') {
      return { status: 409, code: 'ORDER_CANCELLED', message: `Task ${taskId} is on cancelled works order ${found.order.workOrderReference} and cannot be invoiced` };
    }
    found.task.invoiced = extent;
    return { task: found.task, order: found.order };
  }
  return { status: 404, code: 'NOT_FOUND', message: `No task ${taskId}` };
}
