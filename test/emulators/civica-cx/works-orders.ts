/**
 * The works-order level of the /api/v1 dialect (our design; README.md "Works orders"): the
 * three-step raise (repair, task, works order), lookups by the caller's client reference so a
 * step whose answer was lost can be found before it is sent again, the works-order cancel, and
 * the cancel code lists. api.ts asks this module first and routes whatever it does not claim.
 */
import type { IncomingMessage } from 'node:http';
import { WORKS_ORDER_CANCEL_REASONS, WORKS_ORDER_CANCEL_STATUSES } from './codes';
import type { EmulatorContext } from './context';
import { json, parseJsonBody, problem, type Answer } from './http';
import { forcedFailure, invalid, methodNotAllowed, notFound, page, queryErrors } from './answers';
import { isRefusal } from './store';
import type { Appointment, Repair, Task, WorkOrder } from './types';
import { isoTime, repairView } from './views';
import { checkCancelWorksOrder, checkRepairStep, checkTask, checkWorksOrder } from './works-order-checks';
import { addTask, cancelWorksOrder, findWorksOrder, raiseWorksOrder, repairsWithClientReference, tasksOf } from './works-order-rules';

const CODE_LISTS: Record<string, Record<string, string>> = {
  'works-order-cancel-statuses': WORKS_ORDER_CANCEL_STATUSES,
  'works-order-cancel-reasons': WORKS_ORDER_CANCEL_REASONS,
};

export function taskView(task: Task, order: WorkOrder | null) {
  return {
    taskId: task.taskId,
    sorCode: task.sorCode,
    description: task.description,
    quantity: task.quantity,
    invoiceState: task.invoiced === false ? 'none' : task.invoiced,
    worksOrderReference: order?.workOrderReference ?? null,
    clientReference: task.clientReference,
  };
}

function orderAppointmentView(a: Appointment) {
  return {
    appointmentId: a.appointmentId,
    entityType: a.kind,
    start: isoTime(a.start),
    end: isoTime(a.end),
    status: a.status,
    cancellation: a.cancellation && { date: isoTime(a.cancellation.date), reason: a.cancellation.reason },
  };
}

export function worksOrderView(ctx: EmulatorContext, repair: Repair, order: WorkOrder) {
  const appointments = ctx.store
    .appointmentsOf(repair.repairReference)
    .filter((a) => a.workOrderReference === order.workOrderReference)
    .sort((a, b) => a.start - b.start || a.appointmentId - b.appointmentId);
  return {
    worksOrderReference: order.workOrderReference,
    worksOrderGuid: order.workOrderGuid,
    repairReference: repair.repairReference,
    status: order.status,
    repairStatusCode: order.repairStatusCode,
    priority: order.priority,
    contract: order.contract,
    trade: order.trade,
    raisedBy: order.raisedBy,
    raisedAt: isoTime(order.raisedAt),
    targetDate: order.targetDate,
    clientReference: order.clientReference,
    tasks: order.tasks.map((t) => taskView(t, order)),
    cancellation: order.cancellation && {
      cancelStatus: order.cancellation.status,
      cancelledAt: isoTime(order.cancellation.date),
      reason: order.cancellation.reason,
      note: order.cancellation.note,
    },
    appointments: appointments.map(orderAppointmentView),
  };
}

function stepRepairView(repair: Repair) {
  return { ...repairView(repair), clientReference: repair.clientReference };
}

/** Rows whose clientReference matches the query's, when it names one (an empty one matches nothing). */
function withClientReference<T extends { clientReference: string | null }>(url: URL, rows: T[]): T[] {
  const wanted = url.searchParams.get('clientReference');
  return wanted === null ? rows : rows.filter((r) => r.clientReference === wanted);
}

/** The answer for a works-order-level call, or null when the call is not one (api.ts routes it). */
export function routeWorksOrders(ctx: EmulatorContext, req: IncomingMessage, url: URL, body: Buffer, company: string, rest: string[], method: string): Answer | null {
  const [resource, id, action, more] = rest;
  const path = url.pathname.replace(/\/+$/, '');
  if (more !== undefined) return null;

  if (resource === 'lists' && id !== undefined && action === undefined && id in CODE_LISTS) {
    if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
    return page(
      url,
      ctx,
      Object.entries(CODE_LISTS[id]!).map(([code, name]) => ({ code, name })),
      [],
    );
  }

  if (resource === 'repairs' && id === undefined) {
    // Repairs are listed per contact; here they are only found by the caller's client reference.
    if (method === 'GET' && url.searchParams.has('clientReference')) return findRepairs(ctx, url, company);
    if (method !== 'POST') return methodNotAllowed(method, path, 'POST');
    const parsed = parseJsonBody(req, body);
    return 'value' in parsed ? raiseRepairStep(ctx, parsed.value, company) : parsed;
  }

  if (resource === 'repairs' && id !== undefined && (action === 'tasks' || action === 'works-orders')) {
    if (method !== 'GET' && method !== 'POST') return methodNotAllowed(method, path, 'GET, POST');
    const bad = method === 'GET' ? queryErrors(url, ['clientReference']) : null;
    if (bad) return bad;
    const parsed = method === 'POST' ? parseJsonBody(req, body) : { value: undefined };
    if (!('value' in parsed)) return parsed;
    const repair = ctx.store.repair(company, id);
    if (!repair) return notFound(`No repair ${id} in company ${company}`);
    if (action === 'tasks') {
      if (method === 'GET') {
        const rows = tasksOf(repair).map(({ task, order }) => taskView(task, order));
        return page(url, ctx, withClientReference(url, rows), ['clientReference']);
      }
      return addTaskStep(ctx, repair, parsed.value);
    }
    if (method === 'GET') {
      const rows = repair.workOrders.map((order) => worksOrderView(ctx, repair, order));
      return page(url, ctx, withClientReference(url, rows), ['clientReference']);
    }
    return raiseWorksOrderStep(ctx, repair, parsed.value, company);
  }

  if (resource === 'works-orders' && id !== undefined && (action === undefined || action === 'cancel')) {
    if (action === undefined) {
      if (method !== 'GET') return methodNotAllowed(method, path, 'GET');
      const found = findWorksOrder(ctx.store, company, id);
      return found ? json(200, worksOrderView(ctx, found.repair, found.order)) : notFound(`No works order ${id} in company ${company}`);
    }
    if (method !== 'POST') return methodNotAllowed(method, path, 'POST');
    return cancelWorksOrderCall(ctx, req, body, company, id);
  }
  return null;
}

function findRepairs(ctx: EmulatorContext, url: URL, company: string): Answer {
  const bad = queryErrors(url, ['clientReference']);
  if (bad) return bad;
  const found = repairsWithClientReference(ctx.store, company, url.searchParams.get('clientReference')!).sort(
    (a, b) => a.createdAt - b.createdAt || a.repairReference.localeCompare(b.repairReference),
  );
  return page(url, ctx, found.map(stepRepairView), ['clientReference']);
}

function raiseRepairStep(ctx: EmulatorContext, body: unknown, company: string): Answer {
  const forced = forcedFailure(ctx, 'raiseRepair');
  if (forced) return forced;
  const { errors, value } = checkRepairStep(ctx.store, company, body);
  if (!value) return invalid(errors);
  const repair = ctx.store.addRepair({
    ...value,
    repairReference: ctx.store.newRepairReference(),
    companyCode: company,
    createdAt: ctx.serverNow(),
    // Filled by the first task and the first works order (works-order-rules.ts).
    sorCode: '',
    contract: '',
    status: 'Logged',
    workOrders: [],
    cancellation: null,
    tasksWithoutOrder: [],
  });
  return json(201, stepRepairView(repair), { Location: `/api/v1/${encodeURIComponent(company)}/repairs/${repair.repairReference}` });
}

function addTaskStep(ctx: EmulatorContext, repair: Repair, body: unknown): Answer {
  const forced = forcedFailure(ctx, 'addTask');
  if (forced) return forced;
  const { errors, value } = checkTask(repair, body);
  if (!value) return invalid(errors);
  const task = addTask(ctx.store, repair, value);
  if (isRefusal(task)) return problem(task.status, task.code, task.message);
  return json(201, taskView(task, null));
}

function raiseWorksOrderStep(ctx: EmulatorContext, repair: Repair, body: unknown, company: string): Answer {
  const forced = forcedFailure(ctx, 'raiseWorksOrder');
  if (forced) return forced;
  const now = ctx.serverNow();
  const { errors, value } = checkWorksOrder(repair, body, now);
  if (!value) return invalid(errors);
  const order = raiseWorksOrder(ctx.store, repair, value, now);
  if (isRefusal(order)) return problem(order.status, order.code, order.message);
  return json(201, worksOrderView(ctx, repair, order), { Location: `/api/v1/${encodeURIComponent(company)}/works-orders/${order.workOrderReference}` });
}

function cancelWorksOrderCall(ctx: EmulatorContext, req: IncomingMessage, body: Buffer, company: string, reference: string): Answer {
  const parsed = parseJsonBody(req, body);
  if (!('value' in parsed)) return parsed;
  const found = findWorksOrder(ctx.store, company, reference);
  if (!found) return notFound(`No works order ${reference} in company ${company}`);
  const forced = forcedFailure(ctx, 'cancelWorksOrder');
  if (forced) return forced;
  const { errors, value } = checkCancelWorksOrder(found.order, parsed.value, ctx.serverNow());
  if (!value) return invalid(errors);
  const result = cancelWorksOrder(ctx.store, company, reference, value);
  if (isRefusal(result)) return problem(result.status, result.code, result.message);
  return json(200, { ...worksOrderView(ctx, result.repair, result.order), cancelledAppointmentIds: result.cancelledAppointmentIds });
}
