/**
 * The Tenants page: Civica Cx contacts, their repairs since the repairs start date (with work
 * orders and appointments), and whether each repair or appointment may be cancelled, and why not.
 * Customer data is read live the first time, then served from the cache until it is older than the
 * API refresh time; every answer says when it was read and whether it came from the cache.
 */
import { z } from 'zod';

const Criterion = z.string().trim().max(100).optional();

/** Find a contact by reference, surname or postcode (at least one; all given must hold). */
export const FindTenantsInputSchema = z
  .object({ reference: Criterion, surname: Criterion, postcode: Criterion })
  .strict()
  .refine((v) => Boolean(v.reference || v.surname || v.postcode), { message: 'enter a reference, a surname or a postcode' });
export type FindTenantsInput = z.input<typeof FindTenantsInputSchema>;

export const TenantRepairsInputSchema = z.object({ contactId: z.number().int().positive(), refresh: z.boolean().default(false) }).strict();
export const CancelRepairInputSchema = z.object({ contactId: z.number().int().positive(), repairRef: z.string().trim().min(1).max(50) }).strict();
export const CancelAppointmentInputSchema = z.object({ contactId: z.number().int().positive(), appointmentId: z.number().int().positive() }).strict();

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
  cancel: CancelCheck;
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
