/**
 * In-memory records of one Cx instance: companies, assets, contacts, repairs (with their work
 * orders and tasks) and appointments. Times are kept as ms since epoch and formatted on the way
 * out. The cancellation rules live here, so the API, the admin endpoint and tests share them.
 */
import { CANCELLED_STATUS_CODE } from './codes';
import { seededRandom, type Random } from './prng';
import type { Appointment, Asset, Company, Contact, Repair, Task, WorkOrder } from './types';

export type Refusal = { status: 404 | 409; code: string; message: string };

export interface CancelRepairResult {
  repair: Repair;
  cancelledAppointmentIds: number[];
}

export class Store {
  readonly companies = new Map<string, Company>();
  readonly assets = new Map<string, Asset>(); // key: company|assetReference
  readonly contacts = new Map<number, Contact>();
  readonly repairs = new Map<string, Repair>(); // key: repairReference (unique across companies)
  readonly appointments = new Map<number, Appointment>();
  private nextContactId = 100_001;
  private nextRepairNumber = 104_201;
  private nextWorkOrderNumber = 3_300_001;
  private nextTaskId = 1;
  private nextAppointmentId = 700_001;
  private readonly guidRandom: Random;

  constructor(seed: number) {
    // Its own stream, so GUIDs repeat for a seed without shifting the demo data.
    this.guidRandom = seededRandom((seed ^ 0x6a1d_0001) >>> 0);
  }

  /** A version-4-shaped GUID from the seeded stream (repeatable; not for security). */
  guid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.guidRandom() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(this.guidRandom() * 4)]!;
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  addCompany(company: Company): Company {
    this.companies.set(company.companyCode, { ...company });
    return company;
  }

  addAsset(asset: Asset): Asset {
    this.assets.set(`${asset.companyCode}|${asset.assetReference}`, asset);
    return asset;
  }

  asset(companyCode: string, assetReference: string): Asset | undefined {
    return this.assets.get(`${companyCode}|${assetReference}`);
  }

  addContact(fields: Omit<Contact, 'contactId'>): Contact {
    const contact = { contactId: this.nextContactId++, ...fields };
    this.contacts.set(contact.contactId, contact);
    return contact;
  }

  contact(companyCode: string, contactId: number): Contact | undefined {
    const contact = this.contacts.get(contactId);
    return contact?.companyCode === companyCode ? contact : undefined;
  }

  newRepairReference(): string {
    return `REP${String(this.nextRepairNumber++).padStart(6, '0')}`;
  }

  newWorkOrder(fields: Omit<WorkOrder, 'workOrderReference' | 'workOrderGuid' | 'tasks'> & { tasks: Omit<Task, 'taskId'>[] }): WorkOrder {
    return {
      ...fields,
      workOrderReference: `WO${this.nextWorkOrderNumber++}`,
      workOrderGuid: this.guid(),
      tasks: fields.tasks.map((t) => this.newTask(t)),
    };
  }

  /** Task ids are unique across the instance (a works order names its tasks by id). */
  newTask(fields: Omit<Task, 'taskId'>): Task {
    return { taskId: this.nextTaskId++, ...fields };
  }

  addRepair(repair: Repair): Repair {
    if (this.repairs.has(repair.repairReference)) throw new Error(`A repair ${repair.repairReference} already exists`);
    this.repairs.set(repair.repairReference, repair);
    return repair;
  }

  repair(companyCode: string, repairReference: string): Repair | undefined {
    const repair = this.repairs.get(repairReference);
    return repair?.companyCode === companyCode ? repair : undefined;
  }

  addAppointment(fields: Omit<Appointment, 'appointmentId'>): Appointment {
    const appointment = { appointmentId: this.nextAppointmentId++, ...fields };
    this.appointments.set(appointment.appointmentId, appointment);
    return appointment;
  }

  appointment(companyCode: string, appointmentId: number): Appointment | undefined {
    const appointment = this.appointments.get(appointmentId);
    return appointment?.companyCode === companyCode ? appointment : undefined;
  }

  appointmentsOf(repairReference: string): Appointment[] {
    return [...this.appointments.values()].filter((a) => a.repairReference === repairReference);
  }

  /**
   * Cx's rules for cancelling a repair (all its orders): refused once any task is invoiced, or
   * when it is already cancelled or completed; otherwise every order is cancelled with the cancel
   * status, date, reason and note, and every Booked appointment of the repair is cancelled.
   */
  cancelRepair(companyCode: string, repairReference: string, reason: string, note: string | null, at: number): CancelRepairResult | Refusal {
    const repair = this.repair(companyCode, repairReference);
    if (!repair) return { status: 404, code: 'NOT_FOUND', message: `No repair ${repairReference} in company ${companyCode}` };
    const invoiced = repair.workOrders.flatMap((w) => w.tasks.filter((t) => t.invoiced).map((t) => `${w.workOrderReference} task ${t.taskId}`));
    if (invoiced.length) {
      return {
        status: 409,
        code: 'ORDER_INVOICED',
        message: `Repair ${repairReference} cannot be cancelled: ${invoiced.join(', ')} ${invoiced.length === 1 ? 'is' : 'are'} invoiced`,
      };
    }
    if (repair.status === 'Cancelled') return { status: 409, code: 'ALREADY_CANCELLED', message: `Repair ${repairReference} is already cancelled` };
    if (repair.status === 'Completed') return { status: 409, code: 'REPAIR_COMPLETED', message: `Repair ${repairReference} is completed and cannot be cancelled` };

    const cancellation = { status: CANCELLED_STATUS_CODE, date: at, reason, note };
    for (const order of repair.workOrders) {
      if (order.status === 'Cancelled') continue;
      order.status = 'Cancelled';
      order.repairStatusCode = CANCELLED_STATUS_CODE;
      order.cancellation = { ...cancellation };
    }
    repair.status = 'Cancelled';
    repair.cancellation = { ...cancellation };
    const cancelledAppointmentIds: number[] = [];
    for (const appointment of this.appointmentsOf(repairReference)) {
      if (appointment.status !== 'Booked') continue;
      appointment.status = 'Cancelled';
      appointment.cancellation = { date: at, reason };
      cancelledAppointmentIds.push(appointment.appointmentId);
    }
    return { repair, cancelledAppointmentIds };
  }

  /** Only a Booked appointment that has not started yet can be cancelled. */
  cancelAppointment(companyCode: string, appointmentId: number, reason: string, at: number): Appointment | Refusal {
    const appointment = this.appointment(companyCode, appointmentId);
    if (!appointment) return { status: 404, code: 'NOT_FOUND', message: `No appointment ${appointmentId} in company ${companyCode}` };
    if (appointment.status !== 'Booked') {
      return { status: 409, code: 'APPOINTMENT_NOT_BOOKED', message: `Appointment ${appointmentId} is ${appointment.status}; only Booked appointments can be cancelled` };
    }
    if (appointment.start <= at) {
      return {
        status: 409,
        code: 'APPOINTMENT_IN_PAST',
        message: `Appointment ${appointmentId} started at ${new Date(appointment.start).toISOString()} and can no longer be cancelled`,
      };
    }
    appointment.status = 'Cancelled';
    appointment.cancellation = { date: at, reason };
    return appointment;
  }
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'code' in value && 'status' in value && typeof (value as Refusal).message === 'string';
}
