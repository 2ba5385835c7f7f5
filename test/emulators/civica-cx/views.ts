/** How records look on the wire: times as ISO 8601 with the London offset, nothing internal. */
import { DateTime } from 'luxon';
import { ZONE } from './context';
import type { Appointment, Cancellation, Contact, Repair, WorkOrder } from './types';

/** `2024-06-03T09:30:00+01:00` */
export function isoTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toISO({ suppressMilliseconds: true })!;
}

function cancellationView(c: Cancellation | null) {
  return c && { status: c.status, date: isoTime(c.date), reason: c.reason, note: c.note };
}

export function contactView(c: Contact) {
  return {
    contactId: c.contactId,
    reference: c.reference,
    title: c.title,
    forename: c.forename,
    surname: c.surname,
    email: c.email,
    phone: c.phone,
    address: c.address && { ...c.address },
    assetReference: c.assetReference,
  };
}

function workOrderView(w: WorkOrder) {
  return {
    workOrderReference: w.workOrderReference,
    workOrderGuid: w.workOrderGuid,
    status: w.status,
    repairStatusCode: w.repairStatusCode,
    contract: w.contract,
    raisedAt: isoTime(w.raisedAt),
    tasks: w.tasks.map((t) => ({ taskId: t.taskId, sorCode: t.sorCode, description: t.description, quantity: t.quantity, invoiced: t.invoiced !== false })),
    cancellation: cancellationView(w.cancellation),
  };
}

export function repairView(r: Repair) {
  return {
    repairReference: r.repairReference,
    createdAt: isoTime(r.createdAt),
    description: r.description,
    sorCode: r.sorCode,
    priority: r.priority,
    status: r.status,
    contactId: r.contactId,
    assetReference: r.assetReference,
    repairType: r.repairType,
    contract: r.contract,
    category: r.category,
    cancellation: cancellationView(r.cancellation),
    workOrders: r.workOrders.map(workOrderView),
  };
}

export function appointmentView(a: Appointment) {
  return {
    appointmentId: a.appointmentId,
    kind: a.kind,
    start: isoTime(a.start),
    end: isoTime(a.end),
    status: a.status,
    repairReference: a.repairReference,
    workOrderReference: a.workOrderReference,
    cancellation: a.cancellation && { date: isoTime(a.cancellation.date), reason: a.cancellation.reason },
  };
}
