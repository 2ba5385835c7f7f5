/**
 * What the emulated Cx checks on each step of the works-order flow (repair, task, works order)
 * and on a works-order cancel. Every failure names its field (422 with `errors`): a mandatory
 * works-order field left out is named like any other, so a client can say which mapping is wrong.
 */
import { DateTime } from 'luxon';
import { CATEGORIES, CONTRACTS, WORKS_ORDER_CANCEL_REASONS, WORKS_ORDER_CANCEL_STATUSES, sorCode } from './codes';
import { ZONE } from './context';
import type { Store } from './store';
import type { Repair, WorkOrder } from './types';
import { MAX_NOTE, checkCode, checkPriority, checkRepairParty, checkSorCode, isObject, text, unknownFields, type Checked } from './validation';
import { tasksOf, type CancelWorksOrderInput, type WorksOrderInput } from './works-order-rules';

export const MAX_CLIENT_REFERENCE = 50;
export const MAX_QUANTITY = 9999;
/** A cancel time may be this far ahead of the server's clock (callers' clocks drift; inferred). */
export const CANCEL_CLOCK_TOLERANCE_MS = 5 * 60_000;

const REPAIR_STEP_FIELDS = ['contactId', 'assetReference', 'description', 'priority', 'repairType', 'category', 'clientReference'] as const;
const TASK_FIELDS = ['sorCode', 'quantity', 'clientReference'] as const;
const WORKS_ORDER_FIELDS = ['taskIds', 'priority', 'contract', 'trade', 'raisedBy', 'targetDate', 'clientReference'] as const;
const CANCEL_FIELDS = ['cancelStatus', 'cancelledAt', 'reason', 'note'] as const;
/** ISO 8601 with a date, a time and an offset: a cancel time means nothing without its zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function clientReferenceError(value: unknown, errors: Record<string, string>): void {
  const why = text(value, MAX_CLIENT_REFERENCE);
  if (why) errors.clientReference = why;
}

export interface RepairStepInput {
  contactId: number;
  assetReference: string;
  description: string;
  priority: string;
  repairType: string;
  category: string;
  clientReference: string;
}

/** Step one: a repair without a task or works order (its SOR code comes with its task). */
export function checkRepairStep(store: Store, companyCode: string, body: unknown): Checked<RepairStepInput> {
  if (!isObject(body)) return { errors: { body: 'must be a JSON object' }, value: null };
  const errors: Record<string, string> = {};
  unknownFields(body, REPAIR_STEP_FIELDS, 'a repair raised step by step (the SOR code goes on its task, the contract on its works order)', errors);
  checkRepairParty(store, companyCode, body, errors);
  checkCode(errors, 'category', body.category, Object.keys(CATEGORIES), 'repair category');
  clientReferenceError(body.clientReference, errors);
  if (Object.keys(errors).length) return { errors, value: null };
  return {
    errors,
    value: {
      contactId: body.contactId as number,
      assetReference: body.assetReference as string,
      description: (body.description as string).trim(),
      priority: body.priority as string,
      repairType: body.repairType as string,
      category: body.category as string,
      clientReference: body.clientReference as string,
    },
  };
}

export interface TaskInput {
  sorCode: string;
  description: string;
  quantity: number;
  clientReference: string;
}

/** Step two: a task on the repair, carrying one SOR code of the repair's category. */
export function checkTask(repair: Repair, body: unknown): Checked<TaskInput> {
  if (!isObject(body)) return { errors: { body: 'must be a JSON object' }, value: null };
  const errors: Record<string, string> = {};
  unknownFields(body, TASK_FIELDS, 'a task', errors);
  checkSorCode(errors, body.sorCode, repair.category);
  const { quantity } = body;
  if (quantity === undefined || quantity === null) errors.quantity = 'is required';
  else if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0 || quantity > MAX_QUANTITY)
    errors.quantity = `must be a number above 0 and at most ${MAX_QUANTITY}`;
  else if (Math.round(quantity * 100) !== quantity * 100) errors.quantity = 'must have at most two decimal places';
  clientReferenceError(body.clientReference, errors);
  if (Object.keys(errors).length) return { errors, value: null };
  const sor = sorCode(body.sorCode as string)!;
  return { errors, value: { sorCode: sor.sorCode, description: sor.description, quantity: quantity as number, clientReference: body.clientReference as string } };
}

/** Step three: a works order for tasks of the repair that are on no order yet, with Cx's mandatory fields. */
export function checkWorksOrder(repair: Repair, body: unknown, now: number): Checked<WorksOrderInput> {
  if (!isObject(body)) return { errors: { body: 'must be a JSON object' }, value: null };
  const errors: Record<string, string> = {};
  unknownFields(body, WORKS_ORDER_FIELDS, 'a works order', errors);
  const { taskIds, priority, contract, trade, raisedBy, targetDate } = body;

  if (taskIds === undefined || taskIds === null) errors.taskIds = 'is required';
  else if (!Array.isArray(taskIds) || taskIds.length === 0) errors.taskIds = 'must be a list of one or more task ids';
  else if (!taskIds.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) errors.taskIds = 'must hold task ids (whole numbers)';
  else if (new Set(taskIds).size !== taskIds.length) errors.taskIds = 'must not name a task twice';
  else {
    const tasks = new Map(tasksOf(repair).map((t) => [t.task.taskId, t.order]));
    const problems = (taskIds as number[]).flatMap((id) => {
      if (!tasks.has(id)) return [`task ${id} is not a task of repair ${repair.repairReference}`];
      const order = tasks.get(id);
      return order ? [`task ${id} is already on works order ${order.workOrderReference}`] : [];
    });
    if (problems.length) errors.taskIds = problems.join('; ');
  }
  checkPriority(errors, priority);
  checkCode(errors, 'contract', contract, Object.keys(CONTRACTS), 'contract');
  checkCode(errors, 'trade', trade, Object.keys(CATEGORIES), 'trade');
  const raisedByWhy = text(raisedBy, 50);
  if (raisedByWhy) errors.raisedBy = raisedByWhy;
  if (targetDate !== undefined && targetDate !== null) {
    const today = DateTime.fromMillis(now, { zone: ZONE }).toFormat('yyyy-MM-dd');
    if (typeof targetDate !== 'string' || !DAY.test(targetDate) || !DateTime.fromFormat(targetDate, 'yyyy-MM-dd', { zone: ZONE }).isValid)
      errors.targetDate = 'must be a date as yyyy-MM-dd';
    else if (targetDate < today) errors.targetDate = `must not be before today (${today})`;
  }
  clientReferenceError(body.clientReference, errors);
  if (Object.keys(errors).length) return { errors, value: null };
  return {
    errors,
    value: {
      taskIds: taskIds as number[],
      priority: priority as string,
      contract: contract as string,
      trade: trade as string,
      raisedBy: (raisedBy as string).trim(),
      targetDate: (targetDate as string | undefined) ?? null,
      clientReference: body.clientReference as string,
    },
  };
}

/** A works-order cancel: status and reason from the organisation's lists, when it happened, a note. */
export function checkCancelWorksOrder(order: WorkOrder, body: unknown, now: number): Checked<CancelWorksOrderInput> {
  if (!isObject(body)) return { errors: { body: 'must be a JSON object' }, value: null };
  const errors: Record<string, string> = {};
  unknownFields(body, CANCEL_FIELDS, 'a works-order cancellation', errors);
  checkCode(errors, 'cancelStatus', body.cancelStatus, Object.keys(WORKS_ORDER_CANCEL_STATUSES), 'works-order cancel status');
  checkCode(errors, 'reason', body.reason, Object.keys(WORKS_ORDER_CANCEL_REASONS), 'works-order cancel reason');
  const { cancelledAt, note } = body;
  let at = NaN;
  if (cancelledAt === undefined || cancelledAt === null) errors.cancelledAt = 'is required';
  else if (typeof cancelledAt !== 'string' || !DATE_TIME.test(cancelledAt) || !DateTime.fromISO(cancelledAt).isValid)
    errors.cancelledAt = 'must be a date and time with its offset, as 2024-07-03T11:15:00+01:00';
  else {
    at = DateTime.fromISO(cancelledAt).toMillis();
    if (at < order.raisedAt)
      errors.cancelledAt = `must not be before the works order was raised (${DateTime.fromMillis(order.raisedAt, { zone: ZONE }).toISO({ suppressMilliseconds: true })})`;
    else if (at > now + CANCEL_CLOCK_TOLERANCE_MS) errors.cancelledAt = 'must not be in the future';
  }
  if (note !== undefined && note !== null) {
    if (typeof note !== 'string') errors.note = 'must be a string';
    else if (note.length > MAX_NOTE) errors.note = `must be at most ${MAX_NOTE} characters`;
  }
  if (Object.keys(errors).length) return { errors, value: null };
  return {
    errors,
    value: { cancelStatus: body.cancelStatus as string, cancelledAt: at, reason: body.reason as string, note: typeof note === 'string' && note !== '' ? note : null },
  };
}
