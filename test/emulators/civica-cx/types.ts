/**
 * The emulator's public types. They mirror what a Civica Cx instance exposes to an API user:
 * companies, contacts, assets, repairs with work orders and tasks, appointments, users with or
 * without API permission, the IP allowlist in front of it, and the fault knobs tests turn.
 */
import type { EmulatorFaults, ForcedValidationFailure } from '../common/faults';
import type { SharedEmulatorOptions, SharedRequestLogEntry } from '../common/types';
import type { AllowlistAnswer } from './auth';

export interface CxUser {
  username: string;
  password: string;
  /** A Cx user without API permission can sign in to the Cx screens, not to the API (default true). */
  apiAccess?: boolean;
  /** The companies the user's roles can see (default 'all'); others answer 403. */
  companies?: string[] | 'all';
}

export interface Company {
  companyCode: string;
  name: string;
}

export interface Address {
  line1: string;
  line2: string | null;
  town: string;
  postcode: string;
}

export interface Asset {
  assetReference: string;
  companyCode: string;
  /** House, Flat, Bungalow, Maisonette. */
  assetType: string;
  uprn: string;
  address: Address;
}

export interface Contact {
  contactId: number;
  companyCode: string;
  reference: string;
  title: string | null;
  forename: string | null;
  surname: string;
  email: string | null;
  phone: string | null;
  address: Address | null;
  /** The asset of the contact's current agreement (tenancy), null when none. */
  assetReference: string | null;
}

export interface Cancellation {
  /** The organisation's RepairStatusCode for a cancelled order (CAN). */
  status: string;
  /** ms since epoch. */
  date: number;
  reason: string;
  note: string | null;
}

export interface Task {
  taskId: number;
  sorCode: string;
  description: string;
  quantity: number;
  /** false until the back office invoices it; then how much of it: in part (an interim valuation) or in full. */
  invoiced: false | 'part' | 'full';
  /** The caller's own reference for the step that added it (works-order flow); null otherwise. */
  clientReference: string | null;
}

/** Master statuses of a work order; the organisation's RepairStatusCode is kept beside it. */
export const WORK_ORDER_STATUSES = ['Issued', 'In Progress', 'Completed', 'Invoiced', 'Cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export interface WorkOrder {
  workOrderReference: string;
  workOrderGuid: string;
  status: WorkOrderStatus;
  repairStatusCode: string;
  contract: string;
  /** ms since epoch. */
  raisedAt: number;
  tasks: Task[];
  cancellation: Cancellation | null;
  /** The mandatory works-order fields (works-orders.ts): priority code, trade (a repair category), who raised it. */
  priority: string;
  trade: string;
  raisedBy: string;
  /** The day the work is due, yyyy-MM-dd (London). */
  targetDate: string;
  clientReference: string | null;
}

export const REPAIR_STATUSES = ['Logged', 'Issued', 'In Progress', 'Completed', 'Invoiced', 'Cancelled'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];

export interface Repair {
  repairReference: string;
  companyCode: string;
  contactId: number;
  assetReference: string;
  /** ms since epoch. */
  createdAt: number;
  description: string;
  sorCode: string;
  priority: string;
  repairType: string;
  contract: string;
  category: string;
  status: RepairStatus;
  workOrders: WorkOrder[];
  cancellation: Cancellation | null;
  /** Tasks added step by step (POST .../tasks) and not yet on a works order. */
  tasksWithoutOrder: Task[];
  clientReference: string | null;
}

export const APPOINTMENT_STATUSES = ['Booked', 'Completed', 'No Access', 'Cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface Appointment {
  appointmentId: number;
  companyCode: string;
  repairReference: string;
  /** The work order an Order appointment is for; null for an Inspection. */
  workOrderReference: string | null;
  kind: 'Inspection' | 'Order';
  /** ms since epoch. */
  start: number;
  end: number;
  status: AppointmentStatus;
  cancellation: { date: number; reason: string } | null;
}

/**
 * The shared knobs (../common/faults.ts), as Cx meets them: latency is added to every /api request;
 * a request dropped after commit has raised its repair or recorded its cancel; the rate limit
 * counts only requests that pass the allowlist; forced failures (422) hit any write (each step of
 * a raise, a works-order or appointment cancel), or only `operation`.
 */
export type CivicaCxFaults = EmulatorFaults<ForcedValidationFailure<'operation', WriteOperation>>;

export const WRITE_OPERATIONS = ['raiseRepair', 'addTask', 'raiseWorksOrder', 'cancelWorksOrder', 'cancelAppointment'] as const;
export type WriteOperation = (typeof WRITE_OPERATIONS)[number];

/** The shared options (../common/types.ts: host, port, now, faults, seed, sleep) and Cx's own. */
export interface CivicaCxEmulatorOptions extends SharedEmulatorOptions<CivicaCxFaults> {
  /** Default: DEMO_USER (API permission, all companies) and NO_API_USER (no API permission). */
  users?: CxUser[];
  /**
   * Caller addresses allowed through the IP allowlist: single addresses or IPv4/IPv6 CIDR blocks
   * (default ['127.0.0.1', '::1']). The connection's remote address is checked, never a header.
   */
  allowlist?: string[];
  /**
   * How a caller not on the allowlist is answered (default 'json403'): 'json403' our JSON 403
   * IP_NOT_ALLOWED; 'timeout' the request is held unanswered until the caller gives up or the
   * emulator closes; 'refused' the connection is reset without an answer; 'html' a firewall's
   * 403 "Access Denied" HTML page.
   */
  allowlistAnswer?: AllowlistAnswer;
  /** How long a token lives, in seconds (default 3600). */
  tokenLifetimeSeconds?: number;
  /** Default page size when a list is asked for without `limit` (default 25; the maximum is 100). */
  pageSize?: number;
  /** Start with the companies and code lists only: no contacts, assets, repairs or appointments. */
  empty?: boolean;
  /** 'status' (default): refusals answer 409 / 422 / 401; 'body': 200 with the refusal in the body (./refusal-style.ts). */
  refusalStyle?: 'status' | 'body';
}

/** The shared fields (../common/types.ts: method, path, query, status, at) and who called. */
export interface RequestLogEntry extends SharedRequestLogEntry {
  /** The signed-in user the bearer token belongs to (or the username a sign-in tried); never a token or password. */
  username?: string;
  /** The connection's remote address, as the allowlist saw it. */
  remoteAddress: string;
}
