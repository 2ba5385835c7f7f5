/**
 * The Civica Cx API dialect: the ONE module that knows Cx's paths, request bodies, answer shapes,
 * error codes and paging headers (the dialect in ../shared/reference/civica-cx.md, which our
 * emulator speaks). Civica gives its customers the real contract; replacing this module adapts
 * the connector to it without touching the client, the settings or the console.
 */

export const API_PREFIX = '/api/v1';

export interface CxRequestSpec {
  method: 'GET' | 'POST';
  /** Path under the instance's base URL, query included (values encoded). */
  path: string;
  /** JSON body for a POST. */
  body?: Record<string, unknown>;
  /** A short name of the resource, for logs and errors ("companies", "repairs"). */
  resource: string;
  /** What the call asks Cx to do, to finish "Civica Cx refused to ..." ("cancel repair REP1"). */
  action: string;
}

const seg = (value: string | number) => encodeURIComponent(String(value));
const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
};

/** Paging: every list takes offset and limit and answers a total in a header. */
export const PAGE_LIMIT = 100;
export const TOTAL_HEADER = 'x-total-count';
export function withPage(path: string, offset: number, limit: number): string {
  return `${path}${path.includes('?') ? '&' : '?'}offset=${offset}&limit=${limit}`;
}

export const requests = {
  signIn: (username: string, password: string): CxRequestSpec => ({
    method: 'POST',
    path: `${API_PREFIX}/token`,
    body: { username, password },
    resource: 'token',
    action: 'sign in',
  }),
  companies: (): CxRequestSpec => ({ method: 'GET', path: `${API_PREFIX}/companies`, resource: 'companies', action: 'list the companies' }),
  findContacts: (company: string, criteria: { reference?: string; surname?: string; postcode?: string }): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/contacts${query(criteria)}`,
    resource: 'contacts',
    action: 'find contacts',
  }),
  contact: (company: string, contactId: number | string): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/contacts/${seg(contactId)}`,
    resource: 'contacts',
    action: `read contact ${contactId}`,
  }),
  repairsOfContact: (company: string, contactId: number | string, createdFrom?: string): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/contacts/${seg(contactId)}/repairs${query({ createdFrom })}`,
    resource: 'repairs',
    action: `list the repairs of contact ${contactId}`,
  }),
  repair: (company: string, ref: string): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/repairs/${seg(ref)}`,
    resource: 'repairs',
    action: `read repair ${ref}`,
  }),
  appointmentsOfRepair: (company: string, ref: string): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/repairs/${seg(ref)}/appointments`,
    resource: 'appointments',
    action: `list the appointments of repair ${ref}`,
  }),
  cancelAppointment: (company: string, appointmentId: number | string, reason: string): CxRequestSpec => ({
    method: 'POST',
    path: `${API_PREFIX}/${seg(company)}/appointments/${seg(appointmentId)}/cancel`,
    body: { reason },
    resource: 'appointments',
    action: `cancel appointment ${appointmentId}`,
  }),
};

export interface CxToken {
  token: string;
  /** ms since epoch on the server's clock, when the server said. */
  expiresAtMs?: number;
}

export interface CxCompanyRecord {
  companyCode: string;
  name: string;
}

export interface CxContact {
  contactId: number;
  reference: string;
  title?: string;
  forename?: string;
  surname?: string;
  email?: string | null;
  phone?: string | null;
  address?: { line1?: string; line2?: string; town?: string; postcode?: string } | null;
  assetReference?: string | null;
  [field: string]: unknown;
}

export interface CxRepair {
  repairReference: string;
  createdAt: string;
  description: string;
  sorCode: string;
  priority: string;
  status: string;
  workOrders: unknown[];
  [field: string]: unknown;
}

export interface CxAppointment {
  appointmentId: number;
  kind: 'Inspection' | 'Order';
  start: string;
  end: string;
  status: string;
  [field: string]: unknown;
}

type Parser<T> = (body: unknown) => T;
class ShapeError extends Error {}
const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
function listOf<T>(item: (v: Record<string, unknown>) => T): Parser<T[]> {
  return (body) => {
    if (!Array.isArray(body)) throw new ShapeError('not a list');
    return body.map((v) => {
      if (!isObject(v)) throw new ShapeError('a list item is not a record');
      return item(v);
    });
  };
}
const str = (v: unknown, name: string): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new ShapeError(`${name} missing`);
};

export const answers = {
  signIn: ((body) => {
    if (!isObject(body) || typeof body.token !== 'string' || !body.token) throw new ShapeError('no token');
    const expires = typeof body.expiresAt === 'string' ? Date.parse(body.expiresAt) : NaN;
    return { token: body.token, ...(Number.isNaN(expires) ? {} : { expiresAtMs: expires }) };
  }) as Parser<CxToken>,
  companies: listOf((v) => ({ companyCode: str(v.companyCode, 'companyCode'), name: str(v.name ?? v.companyCode, 'name') })) as Parser<CxCompanyRecord[]>,
  contacts: listOf((v) => ({ ...v, contactId: Number(v.contactId), reference: str(v.reference, 'reference') }) as CxContact),
  contact: ((body) => {
    if (!isObject(body)) throw new ShapeError('not a record');
    return { ...body, contactId: Number(body.contactId), reference: str(body.reference, 'reference') } as CxContact;
  }) as Parser<CxContact>,
  repairs: listOf((v) => ({ ...v, repairReference: str(v.repairReference, 'repairReference'), workOrders: Array.isArray(v.workOrders) ? v.workOrders : [] }) as CxRepair),
  repair: ((body) => {
    if (!isObject(body)) throw new ShapeError('not a record');
    return { ...body, repairReference: str(body.repairReference, 'repairReference') } as CxRepair;
  }) as Parser<CxRepair>,
  appointments: listOf((v) => ({ ...v, appointmentId: Number(v.appointmentId) }) as CxAppointment),
  appointment: ((body) => {
    if (!isObject(body)) throw new ShapeError('not a record');
    return { ...body, appointmentId: Number(body.appointmentId) } as CxAppointment;
  }) as Parser<CxAppointment>,
};

/*
 * Raising a repair as Cx does, in three steps (a repair, a task carrying the SOR code, a works
 * order for the task), each carrying the caller's client reference. Cx stores the reference and
 * finds records by it but never refuses a second record with the same one, so a step whose answer
 * was lost is looked up by its reference before it is sent again.
 */

/** The longest client reference Cx keeps. */
export const CX_CLIENT_REFERENCE_MAX = 50;

export interface CxRepairStep {
  contactId: number;
  assetReference: string;
  description: string;
  priority: string;
  repairType: string;
  category: string;
  clientReference: string;
}

export interface CxNewTask {
  sorCode: string;
  quantity: number;
  clientReference: string;
}

export interface CxNewWorksOrder {
  taskIds: number[];
  priority: string;
  contract: string;
  trade: string;
  raisedBy: string;
  /** yyyy-MM-dd; when left out Cx sets it from the priority. */
  targetDate?: string;
  clientReference: string;
}

export interface CxStepRepair {
  repairReference: string;
  clientReference: string | null;
  status: string;
  [field: string]: unknown;
}

/** A task as the raise's step 2 answers it (the works-order read's task view is CxTask). */
export interface CxRaisedTask {
  taskId: number;
  sorCode: string;
  quantity: number;
  /** The works order the task is on, null until it is on one. */
  worksOrderReference: string | null;
  clientReference: string | null;
  [field: string]: unknown;
}

/** A works order as the raise's step 3 answers it (the read with tasks and appointments is CxWorksOrder). */
export interface CxRaisedWorksOrder {
  worksOrderReference: string;
  repairReference: string;
  status: string;
  taskIds: number[];
  clientReference: string | null;
  [field: string]: unknown;
}

export const raiseStepRequests = {
  raiseRepair: (company: string, repair: CxRepairStep): CxRequestSpec => ({
    method: 'POST',
    path: `${API_PREFIX}/${seg(company)}/repairs`,
    body: { ...repair },
    resource: 'repairs',
    action: 'raise the repair',
  }),
  addTask: (company: string, repairReference: string, task: CxNewTask): CxRequestSpec => ({
    method: 'POST',
    path: `${API_PREFIX}/${seg(company)}/repairs/${seg(repairReference)}/tasks`,
    body: { ...task },
    resource: 'tasks',
    action: `add the task (SOR code ${task.sorCode}) to repair ${repairReference}`,
  }),
  raiseWorksOrder: (company: string, repairReference: string, order: CxNewWorksOrder): CxRequestSpec => ({
    method: 'POST',
    path: `${API_PREFIX}/${seg(company)}/repairs/${seg(repairReference)}/works-orders`,
    body: { ...order },
    resource: 'works-orders',
    action: `raise the works order for repair ${repairReference}`,
  }),
  repairsWithClientReference: (company: string, clientReference: string): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/repairs${query({ clientReference })}`,
    resource: 'repairs',
    action: `find the repairs with client reference ${clientReference}`,
  }),
  tasksWithClientReference: (company: string, repairReference: string, clientReference: string): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/repairs/${seg(repairReference)}/tasks${query({ clientReference })}`,
    resource: 'tasks',
    action: `find the tasks of repair ${repairReference} with client reference ${clientReference}`,
  }),
  worksOrdersWithClientReference: (company: string, repairReference: string, clientReference: string): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/repairs/${seg(repairReference)}/works-orders${query({ clientReference })}`,
    resource: 'works-orders',
    action: `find the works orders of repair ${repairReference} with client reference ${clientReference}`,
  }),
};

const nullableStr = (v: unknown, name: string): string | null => (v === null || v === undefined ? null : str(v, name));
const positiveId = (v: unknown, name: string): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw new ShapeError(`${name} is not a whole number above 0`);
  return v;
};
const stepRepair = (v: Record<string, unknown>): CxStepRepair => ({
  ...v,
  repairReference: str(v.repairReference, 'repairReference'),
  clientReference: nullableStr(v.clientReference, 'clientReference'),
  status: str(v.status, 'status'),
});
const raisedTask = (v: Record<string, unknown>): CxRaisedTask => {
  if (typeof v.quantity !== 'number') throw new ShapeError('quantity missing');
  return {
    ...v,
    taskId: positiveId(v.taskId, 'taskId'),
    sorCode: str(v.sorCode, 'sorCode'),
    quantity: v.quantity,
    worksOrderReference: nullableStr(v.worksOrderReference, 'worksOrderReference'),
    clientReference: nullableStr(v.clientReference, 'clientReference'),
  };
};
const raisedWorksOrder = (v: Record<string, unknown>): CxRaisedWorksOrder => {
  if (!Array.isArray(v.tasks)) throw new ShapeError('tasks missing');
  return {
    ...v,
    worksOrderReference: str(v.worksOrderReference, 'worksOrderReference'),
    repairReference: str(v.repairReference, 'repairReference'),
    status: str(v.status, 'status'),
    taskIds: v.tasks.map((t) => positiveId(isObject(t) ? t.taskId : undefined, 'a task’s taskId')),
    clientReference: nullableStr(v.clientReference, 'clientReference'),
  };
};
const one =
  <T>(item: (v: Record<string, unknown>) => T): Parser<T> =>
  (body) => {
    if (!isObject(body)) throw new ShapeError('not a record');
    return item(body);
  };

export const raiseStepAnswers = {
  repair: one(stepRepair),
  repairs: listOf(stepRepair),
  task: one(raisedTask),
  tasks: listOf(raisedTask),
  worksOrder: one(raisedWorksOrder),
  worksOrders: listOf(raisedWorksOrder),
};

export { ShapeError };

/** Cx's error body: `{code, message, errors?: {field: why}}`; a proxy's HTML page gives its title. */
export function parseError(text: string): { code?: string; message?: string; fields?: Record<string, string> } {
  try {
    const body = JSON.parse(text) as unknown;
    if (!isObject(body)) return {};
    const fields = isObject(body.errors)
      ? Object.fromEntries(
          Object.entries(body.errors).map(([f, why]) => [f, Array.isArray(why) ? why.map(String).join('; ') : typeof why === 'string' ? why : JSON.stringify(why)]),
        )
      : undefined;
    return {
      code: typeof body.code === 'string' ? body.code : undefined,
      message: typeof body.message === 'string' ? body.message : undefined,
      ...(fields ? { fields } : {}),
    };
  } catch {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    const plain =
      title ??
      text
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return plain ? { message: plain.slice(0, 200) } : {};
  }
}

/**
 * The outcome an answer carries in its body. Cx often refuses an operation "quietly", with a 2xx
 * status and the refusal in the body (a Cx consultant's public posts); no public document gives
 * the shape, so this one is our design, spoken by our emulator (its refusalStyle knob):
 * `{ "outcome": "Refused", "messages": ["Works order cannot be cancelled: task 2 is invoiced"] }`.
 * A body without `outcome` is the record or list itself; `"Succeeded"` is accepted as success.
 */
export const BODY_OUTCOME = { field: 'outcome', refused: 'Refused', succeeded: 'Succeeded', messages: 'messages' } as const;

export type BodyOutcome = { outcome: 'none' } | { outcome: 'refused'; messages: string[] } | { outcome: 'unknown'; received: string };

/** Whether a parsed body says Cx refused, carries an outcome we do not know, or has none. */
export function readBodyOutcome(body: unknown): BodyOutcome {
  if (!isObject(body) || !(BODY_OUTCOME.field in body)) return { outcome: 'none' };
  const value = body[BODY_OUTCOME.field];
  if (value === BODY_OUTCOME.succeeded) return { outcome: 'none' };
  if (value !== BODY_OUTCOME.refused) return { outcome: 'unknown', received: `${BODY_OUTCOME.field}: ${JSON.stringify(value) ?? 'undefined'}` };
  const said = body[BODY_OUTCOME.messages];
  const messages = (Array.isArray(said) ? said : [said]).filter((m): m is string => typeof m === 'string' && m.trim() !== '');
  return { outcome: 'refused', messages };
}

/** Error codes with a meaning of their own. */
export const ERROR_CODES = {
  ipNotAllowed: 'IP_NOT_ALLOWED',
  badCredentials: 'BAD_CREDENTIALS',
  apiPermissionRequired: 'API_PERMISSION_REQUIRED',
  companyNotPermitted: 'COMPANY_NOT_PERMITTED',
  tokenExpired: 'TOKEN_EXPIRED',
  invalidToken: 'INVALID_TOKEN',
  /** Ours, not Cx's: given to a refusal Cx made in a 2xx answer's body (which carries no code). */
  refusedInBody: 'REFUSED_IN_BODY',
} as const;

/** Cx's refusals of a cancellation (HTTP 409), which casebridge explains as its own cancel checks do. */
export const CANCEL_ERROR_CODES = {
  orderInvoiced: 'ORDER_INVOICED',
  alreadyCancelled: 'ALREADY_CANCELLED',
  repairCompleted: 'REPAIR_COMPLETED',
  appointmentNotBooked: 'APPOINTMENT_NOT_BOOKED',
  appointmentInPast: 'APPOINTMENT_IN_PAST',
} as const;

/** Request fields that are secrets (never logged at all) and answer fields (the token). */
export const SECRET_FIELDS = new Set(['password', 'token']);
/** Fields that hold person or address details in Cx's shapes, beyond the general personal-key rule. */
export const PERSONAL_FIELDS = /^(title|forename|surname|email|phone|address|line1|line2|town|postcode|note|reason|description)$/i;
/**
 * Fields that identify a record (shown as-is in a log summary), the record's own id first: a task,
 * an appointment or a works order also carries its parent's reference, which must not name it.
 */
export const ID_FIELDS = ['taskId', 'appointmentId', 'worksOrderReference', 'workOrderReference', 'repairReference', 'contactId', 'companyCode'];

/*
 * Works orders and their cancellation (Cx cancels per works order, with a cancel status and a
 * reason from its lists, a date and time and a note; all the order's Booked appointments go with it).
 */

/** Cx's lists a works-order cancellation takes its status and reason from. */
export const WORKS_ORDER_LISTS = { cancelStatuses: 'works-order-cancel-statuses', cancelReasons: 'works-order-cancel-reasons' } as const;

export interface CxWorksOrderCancel {
  cancelStatus: string;
  /** ISO 8601 with an offset. */
  cancelledAt: string;
  reason: string;
  note?: string;
}

export const worksOrderRequests = {
  worksOrdersOfRepair: (company: string, ref: string): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/repairs/${seg(ref)}/works-orders`,
    resource: 'works-orders',
    action: `list the works orders of repair ${ref}`,
  }),
  list: (company: string, list: (typeof WORKS_ORDER_LISTS)[keyof typeof WORKS_ORDER_LISTS]): CxRequestSpec => ({
    method: 'GET',
    path: `${API_PREFIX}/${seg(company)}/lists/${list}`,
    resource: 'lists',
    action: `read the list ${list}`,
  }),
  cancelWorksOrder: (company: string, worksOrderRef: string, cancel: CxWorksOrderCancel): CxRequestSpec => ({
    method: 'POST',
    path: `${API_PREFIX}/${seg(company)}/works-orders/${seg(worksOrderRef)}/cancel`,
    body: { cancelStatus: cancel.cancelStatus, cancelledAt: cancel.cancelledAt, reason: cancel.reason, ...(cancel.note ? { note: cancel.note } : {}) },
    resource: 'works-orders',
    action: `cancel works order ${worksOrderRef}`,
  }),
};

/** How much of a task has been invoiced. */
export type CxInvoiceState = 'none' | 'part' | 'full';

export interface CxTask {
  taskId: number;
  sorCode: string;
  description: string;
  invoiceState: CxInvoiceState;
}

export interface CxOrderAppointment {
  appointmentId: number;
  /** "Order" for the order's visits (inspections belong to the repair). */
  entityType: string;
  start: string;
  end: string;
  status: string;
}

export interface CxWorksOrder {
  worksOrderReference: string;
  repairReference: string;
  status: string;
  repairStatusCode: string;
  priority: string;
  raisedAt: string;
  tasks: CxTask[];
  cancellation: { cancelStatus: string; cancelledAt: string; reason: string; note: string } | null;
  appointments: CxOrderAppointment[];
}

export interface CxCode {
  code: string;
  name: string;
}

const INVOICE_STATES: readonly string[] = ['none', 'part', 'full'] satisfies CxInvoiceState[];
const idOf = (v: unknown, name: string): number => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new ShapeError(`${name} missing`);
  return n;
};
const optionalText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const records = (v: unknown, name: string): Record<string, unknown>[] => {
  if (!Array.isArray(v) || !v.every(isObject)) throw new ShapeError(`${name} is not a list of records`);
  return v;
};

function worksOrder(v: Record<string, unknown>): CxWorksOrder {
  const c = v.cancellation;
  if (c !== null && c !== undefined && !isObject(c)) throw new ShapeError('cancellation is not a record');
  return {
    worksOrderReference: str(v.worksOrderReference, 'worksOrderReference'),
    repairReference: optionalText(v.repairReference),
    status: str(v.status, 'status'),
    repairStatusCode: optionalText(v.repairStatusCode),
    priority: optionalText(v.priority),
    raisedAt: optionalText(v.raisedAt),
    tasks: records(v.tasks ?? [], 'tasks').map((t) => {
      // A task's invoice state decides whether the order may be cancelled: an unknown one is not guessed at.
      if (typeof t.invoiceState !== 'string' || !INVOICE_STATES.includes(t.invoiceState)) throw new ShapeError(`a task's invoiceState is not one of ${INVOICE_STATES.join(', ')}`);
      return { taskId: idOf(t.taskId, 'taskId'), sorCode: optionalText(t.sorCode), description: optionalText(t.description), invoiceState: t.invoiceState as CxInvoiceState };
    }),
    cancellation: c ? { cancelStatus: optionalText(c.cancelStatus), cancelledAt: optionalText(c.cancelledAt), reason: optionalText(c.reason), note: optionalText(c.note) } : null,
    appointments: records(v.appointments ?? [], 'appointments').map((a) => ({
      appointmentId: idOf(a.appointmentId, 'appointmentId'),
      entityType: optionalText(a.entityType),
      start: optionalText(a.start),
      end: optionalText(a.end),
      status: str(a.status, 'appointment status'),
    })),
  };
}

export const worksOrderAnswers = {
  worksOrders: listOf(worksOrder) as Parser<CxWorksOrder[]>,
  worksOrder: ((body) => {
    if (!isObject(body)) throw new ShapeError('not a record');
    return worksOrder(body);
  }) as Parser<CxWorksOrder>,
  codes: listOf((v) => ({ code: str(v.code, 'code'), name: str(v.name ?? v.code, 'name') })) as Parser<CxCode[]>,
};

/** Cx's refusals of a works-order cancellation (HTTP 409), besides CANCEL_ERROR_CODES. */
export const WORKS_ORDER_CANCEL_ERROR_CODES = { orderCompleted: 'ORDER_COMPLETED' } as const;
