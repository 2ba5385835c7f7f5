/**
 * In-memory records of one Cx instance: companies, assets, contacts, repairs (with their work
 * orders and tasks) and appointments. Times are kept as ms since epoch and formatted on the way
 * out. The appointment-cancel rules live here (the works-order rules in works-order-rules.ts), so
 * the API, the admin endpoint and tests share them.
 */
import { seededRandom, type Random } from './prng';
import type { Appointment, Asset, Company, Contact, Repair, Task, WorkOrder } from './types';

export type Refusal = { status: 404 | 409; code: string; message: string };

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
