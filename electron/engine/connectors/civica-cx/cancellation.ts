/**
 * Whether a works order or an appointment may be cancelled, and why not: one pure rule used both to show
 * the reason before anyone tries, and to explain Cx's own refusal after trying (Cx's error codes
 * map to the same reasons).
 *
 * Checked in this order:
 * 1. casebridge's "Repair cancellation" switch (it governs works orders and appointments alike);
 * 2. Cx's rules: a works order already cancelled, with any task invoiced (in part or in full), or
 *    completed cannot be cancelled; only a `Booked` appointment can, and only before it starts;
 * 3. the days of notice: N days means N x 24 hours from now to the appointment's start. An
 *    appointment starting exactly N x 24 hours from now may still be cancelled; one a millisecond
 *    sooner may not. With 0 (the default) an appointment may be cancelled any time before it
 *    starts. A works order needs the same notice for its next Booked appointment still to come (the seed:
 *    "0 ... means a customer can cancel a repair at any time prior to the appointment date").
 */
import type { CancelBlock, CancelCheck } from '../../../../shared/domain/tenants';
import { CANCEL_ERROR_CODES, WORKS_ORDER_CANCEL_ERROR_CODES, type CxInvoiceState } from './dialect';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface CancelRules {
  /** The "Repair cancellation" switch. */
  enabled: boolean;
  /** Days of notice needed (0 = any time before the appointment). */
  noticeDays: number;
  /** Now, in ms since the epoch. */
  nowMs: number;
}

export interface AppointmentFacts {
  status: string;
  /** ISO 8601 with an offset. */
  start: string;
}

const ok: CancelCheck = { allowed: true };
const no = (reason: CancelBlock, message: string): CancelCheck => ({ allowed: false, reason, message });

/** "2026-11-28 09:00" from Cx's ISO time (shown as Cx gave it, in its local time). */
export function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** "1 day's notice", "2 days' notice". */
const notice = (n: number) => (n === 1 ? "1 day's notice" : `${n} days' notice`);
const OFF = 'Cancellation is switched off in the Civica Cx settings (Repair cancellation, on the Connections page).';

export function checkAppointmentCancel(appointment: AppointmentFacts, rules: CancelRules): CancelCheck {
  if (!rules.enabled) return no('cancellation_off', OFF);
  if (appointment.status !== 'Booked') return no('not_booked', `Only Booked appointments can be cancelled; this one is ${appointment.status}.`);
  const startMs = Date.parse(appointment.start);
  if (Number.isNaN(startMs)) return no('in_past', 'The appointment has no readable start time, so it cannot be cancelled here.');
  if (startMs <= rules.nowMs) return no('in_past', `The appointment started at ${shortTime(appointment.start)}: it is in the past.`);
  if (startMs - rules.nowMs < rules.noticeDays * DAY_MS)
    return no('notice', `Too little notice: cancelling needs at least ${notice(rules.noticeDays)}, and the appointment starts at ${shortTime(appointment.start)}.`);
  return ok;
}

export interface WorksOrderFacts {
  worksOrderReference: string;
  status: string;
  tasks: { taskId: number; sorCode: string; description: string; invoiceState: CxInvoiceState }[];
  appointments: AppointmentFacts[];
}

/**
 * A works order (Cx cancels per order, with all its Booked appointments): refused once any task is
 * invoiced, in part or in full, naming each such task; the days of notice apply to its next Booked
 * appointment still to come, as for a repair.
 */
export function checkWorksOrderCancel(order: WorksOrderFacts, rules: CancelRules): CancelCheck {
  if (!rules.enabled) return no('cancellation_off', OFF);
  const ref = order.worksOrderReference;
  if (order.status === 'Cancelled') return no('already_cancelled', `Works order ${ref} is already cancelled.`);
  const invoiced = order.tasks.filter((task) => task.invoiceState !== 'none');
  if (invoiced.length) {
    const named = invoiced.map(
      (t) => `task ${t.taskId} (${[t.sorCode, t.description].filter(Boolean).join(' ')}) is invoiced ${t.invoiceState === 'part' ? 'in part' : 'in full'}`,
    );
    return no('invoiced', `${named.join('; ').replace(/^t/, 'T')}, so Civica Cx will not cancel works order ${ref}.`);
  }
  if (order.status === 'Invoiced') return no('invoiced', `Works order ${ref} is invoiced, so Civica Cx will not cancel it.`);
  if (order.status === 'Completed') return no('completed', `Works order ${ref} is completed, so it cannot be cancelled.`);
  if (rules.noticeDays > 0) {
    const next = order.appointments.filter((a) => a.status === 'Booked' && Date.parse(a.start) > rules.nowMs).sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
    if (next && Date.parse(next.start) - rules.nowMs < rules.noticeDays * DAY_MS)
      return no('notice', `Too little notice: cancelling needs at least ${notice(rules.noticeDays)}, and the order's next appointment starts at ${shortTime(next.start)}.`);
  }
  return ok;
}

/** Cx's refusal codes, as the same reasons the checks give (undefined for any other failure). */
export function reasonForCxRefusal(code: string | undefined): CancelBlock | undefined {
  switch (code) {
    case CANCEL_ERROR_CODES.orderInvoiced:
      return 'invoiced';
    case CANCEL_ERROR_CODES.alreadyCancelled:
      return 'already_cancelled';
    case CANCEL_ERROR_CODES.repairCompleted:
    case WORKS_ORDER_CANCEL_ERROR_CODES.orderCompleted:
      return 'completed';
    case CANCEL_ERROR_CODES.appointmentNotBooked:
      return 'not_booked';
    case CANCEL_ERROR_CODES.appointmentInPast:
      return 'in_past';
    default:
      return undefined;
  }
}

const REFUSAL_WORDS: Record<CancelBlock, string> = {
  cancellation_off: OFF,
  notice: 'Too little notice.',
  invoiced: 'work on this repair has been invoiced',
  not_booked: 'only Booked appointments can be cancelled',
  in_past: 'the appointment has already started',
  already_cancelled: 'the repair is already cancelled',
  completed: 'the repair is completed',
};

/** Cx's refusal in the same words as the check, with what Cx said. */
export function refusalMessage(reason: CancelBlock, cxSaid: string | undefined): string {
  return `Civica Cx refused to cancel: ${REFUSAL_WORDS[reason]}${cxSaid ? ` (Cx said: "${cxSaid}")` : ''}.`;
}
