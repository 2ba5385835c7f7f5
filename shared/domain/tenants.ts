/**
 * The Tenants page: Civica Cx contacts, their repairs since the repairs start date (with work
 * orders and appointments), and whether each repair or appointment may be cancelled, and why not.
 * Customer data is read live the first time, then served from the cache until it is older than the
 * API refresh time; every answer says when it was read and whether it came from the cache.
 */
import { z } from 'zod';
import { IsoDateTimeSchema } from './case';

const Criterion = z.string().trim().max(100).optional();

/** Find a contact by reference, surname or postcode (at least one; all given must hold). */
export const FindTenantsInputSchema = z
  .object({ reference: Criterion, surname: Criterion, postcode: Criterion })
  .strict()
  .refine((v) => Boolean(v.reference || v.surname || v.postcode), { message: 'enter a reference, a surname or a postcode' });
export type FindTenantsInput = z.input<typeof FindTenantsInputSchema>;

export const TenantRepairsInputSchema = z.object({ contactId: z.number().int().positive(), refresh: z.boolean().default(false) }).strict();
export const CancelAppointmentInputSchema = z.object({ contactId: z.number().int().positive(), appointmentId: z.number().int().positive() }).strict();

/** The longest note Cx keeps on a works-order cancellation. */
export const WORKS_ORDER_NOTE_MAX = 2000;
const RepairRef = z.string().trim().min(1).max(50);
/** A code from one of Cx's lists (checked against the list itself by the engine). */
const ListCode = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a code from the Civica Cx list');
export const RepairWorksOrdersInputSchema = z.object({ contactId: z.number().int().positive(), repairRef: RepairRef, refresh: z.boolean().default(false) }).strict();
export const CancelWorksOrderInputSchema = z
  .object({
    contactId: z.number().int().positive(),
    repairRef: RepairRef,
    worksOrderRef: z.string().trim().min(1).max(50),
    cancelStatus: ListCode,
    reason: ListCode,
    cancelledAt: IsoDateTimeSchema,
    note: z.string().trim().max(WORKS_ORDER_NOTE_MAX).optional(),
  })
  .strict();
export type CancelWorksOrderInput = z.input<typeof CancelWorksOrderInputSchema>;

/** Where customer data came from. */
export interface Freshness {
  /** When it was read from Cx: ISO 8601 in the engine's zone. */
  fetchedAt: string;
  /** Served from the cache (read earlier), not live. */
  fromCache: boolean;
  /** The API refresh time in minutes the data is kept for. */
  refreshMinutes: number;
}

export interface TenantSummary {
  contactId: number;
  reference: string;
  /** Title, forename and surname. */
  name: string;
  /** The address on one line. */
  address: string;
  postcode: string;
}

export interface FindTenantsResult extends Freshness {
  tenants: TenantSummary[];
}

/**
 * Why a repair or appointment cannot be cancelled: casebridge's settings (`cancellation_off`,
 * `notice`) and Cx's own rules (the rest; Cx answers the same refusals with its error codes).
 */
export type CancelBlock = 'cancellation_off' | 'notice' | 'invoiced' | 'not_booked' | 'in_past' | 'already_cancelled' | 'completed';

export interface CancelCheck {
  allowed: boolean;
  reason?: CancelBlock;
  /** The reason in plain words. */
  message?: string;
}

export interface TenantTaskView {
  sorCode: string;
  description: string;
  invoiced: boolean;
}

export interface TenantWorkOrderView {
  workOrderReference: string;
  status: string;
  repairStatusCode: string;
  tasks: TenantTaskView[];
}

export interface TenantAppointmentView {
  appointmentId: number;
  kind: string;
  /** ISO 8601 as Cx gave it. */
  start: string;
  end: string;
  status: string;
  workOrderReference: string | null;
  cancel: CancelCheck;
}

export interface TenantRepairView {
  repairReference: string;
  createdAt: string;
  description: string;
  sorCode: string;
  priority: string;
  status: string;
  workOrders: TenantWorkOrderView[];
  appointments: TenantAppointmentView[];
}

export interface TenantRepairsView extends Freshness {
  contact: TenantSummary;
  /** The repairs start date the data was read with ('' for none): it changes at the next refresh. */
  repairsStartDate: string;
  repairs: TenantRepairView[];
  /** The settings the cancel checks used. */
  cancellation: { enabled: boolean; noticeDays: number };
}

export interface CancelOutcome {
  cancelled: boolean;
  /** Why not, when refused (before trying, or by Cx). */
  reason?: CancelBlock;
  message: string;
  /** The contact's data read again after the attempt. */
  view: TenantRepairsView;
}

/** A task of a works order, with how much of it is invoiced. */
export interface TenantOrderTaskView {
  taskId: number;
  sorCode: string;
  description: string;
  invoiceState: 'none' | 'part' | 'full';
}

export interface TenantOrderAppointmentView {
  appointmentId: number;
  /** "Order" for the order's visits. */
  entityType: string;
  /** ISO 8601 as Cx gave it. */
  start: string;
  end: string;
  status: string;
}

export interface TenantWorksOrderView {
  worksOrderReference: string;
  status: string;
  repairStatusCode: string;
  priority: string;
  raisedAt: string;
  tasks: TenantOrderTaskView[];
  cancellation: { cancelStatus: string; cancelledAt: string; reason: string; note: string } | null;
  appointments: TenantOrderAppointmentView[];
  cancel: CancelCheck;
}

export interface CodeName {
  code: string;
  name: string;
}

/** A repair's works orders, with whether each may be cancelled, and Cx's lists a cancellation takes. */
export interface RepairWorksOrdersView extends Freshness {
  contactId: number;
  repairReference: string;
  worksOrders: TenantWorksOrderView[];
  cancelStatuses: CodeName[];
  cancelReasons: CodeName[];
}

export interface WorksOrderCancelOutcome {
  cancelled: boolean;
  /** Why not, when refused (before trying, or by Cx with a code). */
  reason?: CancelBlock;
  message: string;
  /** The repair's works orders read again from Cx after the attempt. */
  worksOrders: RepairWorksOrdersView;
  /** The contact's repairs read again from Cx after the attempt. */
  view: TenantRepairsView;
}
