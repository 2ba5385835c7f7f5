/**
 * Believable demo data for the housing stock of a fictional borough (Northbridge, postcodes
 * NB1-NB4, as in the Tascomi emulator): three companies, tenanted and void homes, tenants (some
 * joint tenancies, shared surnames), about two years of repairs with work orders, tasks and
 * appointments (inspections and order visits: completed, no access, cancelled, and booked into
 * the future), plus a fixed set of scenario repairs for the cancellation rules. Everything comes
 * from the seeded PRNG and is placed relative to the server's clock at start, so the same seed
 * and clock give the same data and "future" appointments are always in the future.
 */
import { DateTime } from 'luxon';
import { PRIORITIES, REPAIR_STATUS_CODES, SOR_CODES, type SorCode } from './codes';
import { ZONE } from './context';
import { intBetween, pick, seededRandom, type Random } from './prng';
import type { Store } from './store';
import { orderFieldsFor } from './works-order-rules';
import type { Address, Appointment, Asset, Contact, Repair, RepairStatus, WorkOrder } from './types';

/** Facts about the demo data that tests and the demo mode want without searching for them. */
export interface DemoFacts {
  companyCode: string;
  /** A second company with a few leaseholders. */
  otherCompanyCode: string;
  /** A company with no records (a training company). */
  emptyCompanyCode: string;
  /** The scenario tenant: holds the scenario repairs below. */
  contactId: number;
  contactReference: string;
  contactSurname: string;
  contactPostcode: string;
  assetReference: string;
  /** A surname several contacts of the main company share. */
  sharedSurname: string;
  /** A contact without a current agreement (no asset): repairs cannot be raised for it. */
  noAgreementContactId: number;
  /** Issued, not invoiced: a Completed inspection (past) and a Booked order visit (future). */
  openRepairReference: string;
  futureBookedAppointmentId: number;
  completedAppointmentId: number;
  /** Every task invoiced: cancelling answers 409. */
  invoicedRepairReference: string;
  /** Two work orders, one invoiced, one Issued with a future Booked visit: cancelling answers 409. */
  partlyInvoicedRepairReference: string;
  partlyInvoicedBookedAppointmentId: number;
  /** Completed, not yet invoiced. */
  completedRepairReference: string;
  /** Already cancelled (its visit Cancelled). */
  cancelledRepairReference: string;
  cancelledAppointmentId: number;
  /** Issued, with a visit still Booked but already in the past (the operative has not closed it). */
  pastBookedRepairReference: string;
  pastBookedAppointmentId: number;
  /** A past visit where nobody was in. */
  noAccessAppointmentId: number;
  /** The works order of the open repair (its future Booked visit goes with it when it is cancelled). */
  openWorksOrderReference: string;
  /** The works order of the fully invoiced repair. */
  invoicedWorksOrderReference: string;
  /** Another tenant's repair In Progress: one works order with two tasks, the second invoiced in part, and a future Booked visit. */
  partInvoicedRepairReference: string;
  partInvoicedWorksOrderReference: string;
  partInvoicedTaskId: number;
  partInvoicedBookedAppointmentId: number;
}

const COMPANIES = [
  { companyCode: 'NBH', name: 'Northbridge Homes' },
  { companyCode: 'NBL', name: 'Northbridge Leasehold Services' },
  { companyCode: 'TRN', name: 'Northbridge Homes (Training)' },
];

// [street, postcode district, asset type]
const STREETS: [string, string, string][] = [
  ['Station Road', 'NB1', 'House'],
  ['Bridge Street', 'NB1', 'Flat'],
  ['Church Lane', 'NB2', 'House'],
  ['Mill Lane', 'NB2', 'Bungalow'],
  ['Albert Street', 'NB2', 'House'],
  ['Victoria Road', 'NB3', 'Flat'],
  ['Queens Road', 'NB3', 'House'],
  ['Westfield Road', 'NB3', 'Maisonette'],
  ['Orchard Close', 'NB4', 'Bungalow'],
  ['Holly Crescent', 'NB4', 'House'],
  ['Beech Drive', 'NB4', 'House'],
  ['Elm Grove', 'NB4', 'Flat'],
];
const LEASEHOLD_STREETS: [string, string, string][] = [
  ['Cedar Court', 'NB3', 'Flat'],
  ['Riverside Walk', 'NB2', 'Flat'],
];

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const TITLES: [string, 'f' | 'm' | 'x'][] = [
  ['Mr', 'm'],
  ['Mrs', 'f'],
  ['Ms', 'f'],
  ['Miss', 'f'],
  ['Dr', 'x'],
  ['Mx', 'x'],
];
const FORENAMES = {
  f: ['Amelia', 'Isla', 'Ava', 'Mia', 'Grace', 'Freya', 'Zara', 'Sophie', 'Aisha', 'Chloe', 'Emily', 'Jasmine', 'Megan', 'Olivia'],
  m: ['Oliver', 'Mohammed', 'George', 'Arthur', 'Noah', 'Leo', 'Harry', 'Jack', 'Callum', 'Daniel', 'Ryan', 'Tomasz', 'Kwame', 'Liam'],
};
const SURNAMES = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Johnson',
  'Patel',
  'Khan',
  'Roberts',
  'Walker',
  'Wright',
  'Robinson',
  'Nowak',
  'Okafor',
  'Hughes',
  'Ali',
];

/** Tenants' own words, per SOR category. */
const DESCRIPTIONS: Record<string, string[]> = {
  PLUMB: [
    'Kitchen tap dripping all the time',
    'Toilet keeps running after flushing',
    'Kitchen sink blocked, water not draining',
    'Water coming through the ceiling under the bathroom',
    'Bath tap very stiff and leaking',
  ],
  HEAT: ['No heating or hot water since this morning', 'Boiler pressure keeps dropping', 'Radiators cold at the top', 'Boiler showing an error code and keeps cutting out'],
  ELEC: ['Socket in the kitchen sparked and now does not work', 'Bathroom extractor fan not working', 'Lights in the hall flicker and trip the fuse'],
  CARP: ['Front door lock very stiff, hard to lock', 'Bedroom door will not close', 'Stair handrail coming away from the wall'],
  ROOF: ['Roof tiles slipped after the storm', 'Gutter overflowing at the front when it rains'],
  DAMP: ['Black mould in the bedroom corner and behind the wardrobe', 'Damp patch on the living room wall getting bigger', 'Mould around the bathroom window'],
  GLAZ: ['Living room window will not close properly', 'Double glazing misted up between the panes'],
  EXT: ['Fence panel blown down in the back garden', 'Front path cracked and uneven, trip hazard'],
};
const CANCEL_REASONS = ['Tenant no longer requires repair', 'Raised in error', 'Duplicate of another repair', 'Tenant fixed it themselves'];
const DAY_MS = 86_400_000;
/** Who raises the seeded orders in Cx (the contact centre's team user). */
const RAISED_BY = 'Repairs Contact Centre';

/** The back office invoices a repair: every task of its live orders. A cancelled repair cannot be. */
export function invoiceRepair(repair: Repair): void {
  if (repair.status === 'Cancelled') throw new Error(`Repair ${repair.repairReference} is cancelled and cannot be invoiced`);
  for (const order of repair.workOrders) {
    if (order.status === 'Cancelled') continue;
    for (const task of order.tasks) task.invoiced = 'full';
    order.status = 'Invoiced';
    order.repairStatusCode = REPAIR_STATUS_CODES.Invoiced;
  }
  repair.status = 'Invoiced';
}

/** A working-day slot: AM 08:00-12:00 or PM 12:00-16:00 London time, on `day` or the next weekday. */
function slot(day: DateTime, am: boolean): { start: number; end: number } {
  let d = day.setZone(ZONE).startOf('day');
  while (d.weekday > 5) d = d.plus({ days: 1 });
  const start = d.set({ hour: am ? 8 : 12 });
  return { start: start.toMillis(), end: start.plus({ hours: 4 }).toMillis() };
}

function postcode(random: Random, district: string): string {
  return `${district} ${intBetween(random, 1, 9)}${pick(random, [...INWARD_LETTERS])}${pick(random, [...INWARD_LETTERS])}`;
}

export function seedCompanies(store: Store): void {
  for (const company of COMPANIES) store.addCompany(company);
}

export function seedDemoData(store: Store, seed: number, serverNow: number): DemoFacts {
  const random = seededRandom(seed);
  const now = DateTime.fromMillis(serverNow, { zone: ZONE });
  let assetNumber = 4000 + intBetween(random, 0, 900);
  let contactNumber = 210_000 + intBetween(random, 0, 5000);
  let uprn = 100090000000 + intBetween(random, 0, 9_000_000);

  const person = (companyCode: string, address: Address | null, assetReference: string | null, surname?: string): Omit<Contact, 'contactId'> => {
    const [title, sex] = pick(random, TITLES);
    const forename = pick(random, sex === 'x' ? [...FORENAMES.f, ...FORENAMES.m] : FORENAMES[sex]);
    const family = surname ?? pick(random, SURNAMES);
    contactNumber += intBetween(random, 1, 40);
    return {
      companyCode,
      reference: `C${String(contactNumber).padStart(7, '0')}`,
      title,
      forename,
      surname: family,
      email: random() < 0.8 ? `${forename}.${family}${intBetween(random, 1, 99)}@example.org`.toLowerCase() : null,
      phone: random() < 0.9 ? `07700 900${String(intBetween(random, 0, 999)).padStart(3, '0')}` : null,
      address,
      assetReference,
    };
  };

  /** Homes along the streets, and their tenants (some joint; about one in twelve homes empty). */
  const tenants: Contact[] = [];
  const housing = (companyCode: string, streets: [string, string, string][], homesPerStreet: [number, number], voidRate: number) => {
    for (const [street, district, type] of streets) {
      const codes = Array.from({ length: intBetween(random, 1, 3) }, () => postcode(random, district));
      const homes = intBetween(random, ...homesPerStreet);
      for (let n = 1; n <= homes; n++) {
        assetNumber += intBetween(random, 1, 6);
        uprn += intBetween(random, 1, 400);
        const flat = type === 'Flat' || type === 'Maisonette';
        const address: Address = flat
          ? { line1: `Flat ${n}`, line2: `${intBetween(random, 1, 60)} ${street}`, town: 'Northbridge', postcode: codes[Math.floor(((n - 1) / homes) * codes.length)]! }
          : { line1: `${n} ${street}`, line2: null, town: 'Northbridge', postcode: codes[Math.floor(((n - 1) / homes) * codes.length)]! };
        const asset: Asset = { assetReference: `A${String(assetNumber).padStart(6, '0')}`, companyCode, assetType: type, uprn: String(uprn), address };
        store.addAsset(asset);
        if (random() < voidRate) continue;
        const lead = store.addContact(person(companyCode, { ...address }, asset.assetReference));
        tenants.push(lead);
        // A joint tenant: a partner (often the same surname) on the same agreement.
        if (random() < 0.2) store.addContact(person(companyCode, { ...address }, asset.assetReference, random() < 0.6 ? lead.surname : undefined));
      }
    }
  };
  housing('NBH', STREETS, [8, 14], 0.08);
  const mainTenants = tenants.splice(0);
  housing('NBL', LEASEHOLD_STREETS, [5, 8], 0);
  const leaseholders = tenants.splice(0);

  // A former tenant now on the housing register: a contact with no current agreement.
  const formerAddress: Address = { line1: '14 Canal Street', line2: null, town: 'Northbridge', postcode: postcode(random, 'NB2') };
  const noAgreement = store.addContact(person('NBH', formerAddress, null));

  // Two years of repairs: a few per tenant, lifecycles by age.
  const repairFor = (contact: Contact, daysAgo: number, sor: SorCode, extra: Partial<Repair> = {}): Repair => {
    const created = now.minus({ days: daysAgo }).set({ hour: intBetween(random, 8, 17), minute: intBetween(random, 0, 59), second: intBetween(random, 0, 59), millisecond: 0 });
    const priority = pick(random, ['E', 'U', 'U', 'R', 'R', 'R', 'R', 'R', 'R', 'P']);
    const raisedAt = created.plus({ minutes: intBetween(random, 5, 90) }).toMillis();
    const order = store.newWorkOrder({
      status: 'Issued',
      repairStatusCode: REPAIR_STATUS_CODES.Issued,
      contract: sor.contract,
      raisedAt,
      tasks: [{ sorCode: sor.sorCode, description: sor.description, quantity: 1, invoiced: false, clientReference: null }],
      cancellation: null,
      ...orderFieldsFor(extra.priority ?? priority, sor.category, raisedAt, RAISED_BY),
    });
    return store.addRepair({
      repairReference: store.newRepairReference(),
      companyCode: contact.companyCode,
      contactId: contact.contactId,
      assetReference: contact.assetReference!,
      createdAt: Math.min(created.toMillis(), serverNow),
      description: pick(random, DESCRIPTIONS[sor.category]!),
      sorCode: sor.sorCode,
      priority,
      repairType: random() < 0.95 ? 'RESP' : 'RECH',
      contract: sor.contract,
      category: sor.category,
      status: 'Issued',
      workOrders: [order],
      cancellation: null,
      tasksWithoutOrder: [],
      clientReference: null,
      ...extra,
    });
  };
  const setStatus = (repair: Repair, status: RepairStatus, order: WorkOrder = repair.workOrders[0]!) => {
    repair.status = status;
    if (status === 'Logged') return;
    order.status = status;
    order.repairStatusCode = REPAIR_STATUS_CODES[status];
    if (status === 'Invoiced') for (const task of order.tasks) task.invoiced = 'full';
  };
  /**
   * An appointment in a weekday slot. A visit that has happened (Completed, No Access, Cancelled)
   * is kept in the past and a Booked one in the future by moving it whole weeks, unless `where`
   * says otherwise ('auto': Booked when ahead of now, Completed when behind; 'past': Booked yet past).
   */
  const visit = (
    repair: Repair,
    kind: Appointment['kind'],
    day: DateTime,
    status: Appointment['status'] | 'auto',
    order: WorkOrder | null = repair.workOrders[0]!,
    where?: 'past',
  ): Appointment => {
    let { start, end } = slot(day, random() < 0.5);
    const wantPast = status === 'auto' ? start <= serverNow : status !== 'Booked' || where === 'past';
    while (wantPast && start >= serverNow) [start, end] = [start - 7 * DAY_MS, end - 7 * DAY_MS];
    while (!wantPast && start <= serverNow) [start, end] = [start + 7 * DAY_MS, end + 7 * DAY_MS];
    const final: Appointment['status'] = status === 'auto' ? (wantPast ? 'Completed' : 'Booked') : status;
    return store.addAppointment({
      companyCode: repair.companyCode,
      repairReference: repair.repairReference,
      workOrderReference: kind === 'Order' ? order!.workOrderReference : null,
      kind,
      start,
      end,
      status: final,
      cancellation:
        final === 'Cancelled'
          ? { date: Math.min(repair.cancellation?.date ?? start - DAY_MS, serverNow), reason: repair.cancellation?.reason ?? pick(random, CANCEL_REASONS) }
          : null,
    });
  };
  const cancel = (repair: Repair, at: number) => {
    const reason = pick(random, CANCEL_REASONS);
    const cancellation = { status: REPAIR_STATUS_CODES.Cancelled, date: at, reason, note: random() < 0.5 ? "Cancelled at the tenant's request by phone" : null };
    repair.status = 'Cancelled';
    repair.cancellation = { ...cancellation };
    for (const order of repair.workOrders) {
      order.status = 'Cancelled';
      order.repairStatusCode = REPAIR_STATUS_CODES.Cancelled;
      order.cancellation = { ...cancellation };
    }
  };
  const dayOf = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE });

  for (const contact of [...mainTenants, ...leaseholders]) {
    const count = contact.companyCode === 'NBL' ? intBetween(random, 0, 2) : pick(random, [0, 1, 1, 2, 2, 3, 3, 4, 5, 6]);
    for (let i = 0; i < count; i++) {
      const sor = pick(random, SOR_CODES);
      const daysAgo = intBetween(random, 0, 729);
      const repair = repairFor(contact, daysAgo, sor);
      const target = PRIORITIES.find((p) => p[0] === repair.priority)![2];
      const created = dayOf(repair.createdAt);
      if (sor.category === 'DAMP' || random() < 0.12) {
        const inspection = created.plus({ days: intBetween(random, 1, 5) });
        visit(repair, 'Inspection', inspection, 'auto', null);
      }
      const visitDay = created.plus({ days: intBetween(random, 1, Math.max(1, target)) });
      const age = daysAgo;
      if (age > target + 21) {
        const roll = random();
        if (roll < 0.07) {
          cancel(repair, Math.min(repair.createdAt + intBetween(random, 1, 5) * DAY_MS, serverNow));
          visit(repair, 'Order', visitDay, 'Cancelled');
          continue;
        }
        if (random() < 0.1) visit(repair, 'Order', visitDay, 'No Access');
        visit(repair, 'Order', visitDay.plus({ days: intBetween(random, 2, 10) }), 'Completed');
        if (random() < 0.15) {
          // A follow-on order (e.g. making good after a leak), invoiced separately.
          const followOn = store.newWorkOrder({
            status: 'Issued',
            repairStatusCode: REPAIR_STATUS_CODES.Issued,
            contract: 'NBDLO',
            raisedAt: visitDay.plus({ days: 1 }).toMillis(),
            tasks: [{ sorCode: '871003', description: 'Making good after repair', quantity: 1, invoiced: false, clientReference: null }],
            cancellation: null,
            ...orderFieldsFor(repair.priority, 'EXT', visitDay.plus({ days: 1 }).toMillis(), RAISED_BY),
          });
          repair.workOrders.push(followOn);
          visit(repair, 'Order', visitDay.plus({ days: intBetween(random, 12, 16) }), 'Completed', followOn);
          setStatus(repair, 'Invoiced', followOn);
        }
        setStatus(repair, roll < 0.9 ? 'Invoiced' : 'Completed');
      } else if (age > 10 && random() < 0.6) {
        visit(repair, 'Order', created.plus({ days: intBetween(random, 1, Math.min(age - 4, target)) }), 'Completed');
        setStatus(repair, 'Completed');
      } else {
        // Still open: the visit is booked ahead (within the priority's target where it can be).
        const ahead = visitDay.toMillis() > serverNow + DAY_MS ? visitDay : now.plus({ days: intBetween(random, 1, 14) });
        visit(repair, 'Order', ahead, 'Booked');
        if (random() < 0.3) setStatus(repair, 'In Progress');
      }
    }
  }

  // The scenario tenant and repairs (fixed shapes, placed around now).
  const tenant = mainTenants.find((c) => c.email !== null && c.phone !== null) ?? mainTenants[0]!;
  const bySor = (code: string) => SOR_CODES.find((s) => s.sorCode === code)!;

  const open = repairFor(tenant, 6, bySor('481001'), { priority: 'U', description: 'Black mould in the bedroom corner and behind the wardrobe' });
  const inspection = visit(open, 'Inspection', now.minus({ days: 4 }), 'Completed', null);
  const futureBooked = visit(open, 'Order', now.plus({ days: 5 }), 'Booked');

  const invoiced = repairFor(tenant, 210, bySor('603021'), { priority: 'R', description: 'Kitchen tap dripping all the time' });
  visit(invoiced, 'Order', dayOf(invoiced.createdAt).plus({ days: 9 }), 'Completed');
  setStatus(invoiced, 'Invoiced');

  const partly = repairFor(tenant, 45, bySor('615007'), { priority: 'R', description: 'Water coming through the ceiling under the bathroom' });
  visit(partly, 'Order', dayOf(partly.createdAt).plus({ days: 3 }), 'Completed');
  setStatus(partly, 'Invoiced');
  const makingGood = store.newWorkOrder({
    status: 'Issued',
    repairStatusCode: REPAIR_STATUS_CODES.Issued,
    contract: 'NBDLO',
    raisedAt: partly.createdAt + 4 * DAY_MS,
    tasks: [{ sorCode: '871003', description: 'Making good: replaster kitchen ceiling', quantity: 1, invoiced: false, clientReference: null }],
    cancellation: null,
    ...orderFieldsFor('R', 'EXT', partly.createdAt + 4 * DAY_MS, RAISED_BY),
  });
  partly.workOrders.push(makingGood);
  partly.status = 'Issued';
  const partlyBooked = visit(partly, 'Order', now.plus({ days: 9 }), 'Booked', makingGood);

  const completed = repairFor(tenant, 30, bySor('311005'), { priority: 'R', description: 'Front door lock very stiff, hard to lock' });
  const noAccess = visit(completed, 'Order', dayOf(completed.createdAt).plus({ days: 6 }), 'No Access');
  visit(completed, 'Order', dayOf(completed.createdAt).plus({ days: 13 }), 'Completed');
  setStatus(completed, 'Completed');

  const cancelled = repairFor(tenant, 90, bySor('862001'), { priority: 'P', description: 'Fence panel blown down in the back garden' });
  cancel(cancelled, cancelled.createdAt + 2 * DAY_MS);
  const cancelledVisit = visit(cancelled, 'Order', dayOf(cancelled.createdAt).plus({ days: 20 }), 'Cancelled');

  const pastBookedRepair = repairFor(tenant, 12, bySor('705001'), { priority: 'R', description: 'Bathroom extractor fan not working' });
  const pastBooked = visit(pastBookedRepair, 'Order', now.minus({ days: 3 }), 'Booked', pastBookedRepair.workOrders[0]!, 'past');

  // The surname most contacts of the main company share.
  const counts = new Map<string, number>();
  for (const c of store.contacts.values()) if (c.companyCode === 'NBH') counts.set(c.surname, (counts.get(c.surname) ?? 0) + 1);
  const sharedSurname = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];

  // Works-order level (after everything above, so the earlier data does not shift): interim
  // invoices on some orders in progress, and one fixed-shape order invoiced in part.
  for (const repair of store.repairs.values()) {
    if (repair.status === 'In Progress' && random() < 0.5) repair.workOrders[0]!.tasks[0]!.invoiced = 'part';
  }
  const neighbour = mainTenants.find((c) => c !== tenant && c.email !== null) ?? mainTenants[1]!;
  const partInvoiced = repairFor(neighbour, 20, bySor('615007'), { priority: 'R', description: 'Water coming through the ceiling under the bathroom' });
  const partInvoicedOrder = partInvoiced.workOrders[0]!;
  const partInvoicedTask = store.newTask({ sorCode: '603005', description: 'Renew tap washer', quantity: 2, invoiced: 'part', clientReference: null });
  partInvoicedOrder.tasks.push(partInvoicedTask);
  visit(partInvoiced, 'Order', dayOf(partInvoiced.createdAt).plus({ days: 2 }), 'Completed');
  const partInvoicedBooked = visit(partInvoiced, 'Order', now.plus({ days: 6 }), 'Booked');
  setStatus(partInvoiced, 'In Progress');

  return {
    companyCode: 'NBH',
    otherCompanyCode: 'NBL',
    emptyCompanyCode: 'TRN',
    contactId: tenant.contactId,
    contactReference: tenant.reference,
    contactSurname: tenant.surname,
    contactPostcode: tenant.address!.postcode,
    assetReference: tenant.assetReference!,
    sharedSurname,
    noAgreementContactId: noAgreement.contactId,
    openRepairReference: open.repairReference,
    futureBookedAppointmentId: futureBooked.appointmentId,
    completedAppointmentId: inspection.appointmentId,
    invoicedRepairReference: invoiced.repairReference,
    partlyInvoicedRepairReference: partly.repairReference,
    partlyInvoicedBookedAppointmentId: partlyBooked.appointmentId,
    completedRepairReference: completed.repairReference,
    cancelledRepairReference: cancelled.repairReference,
    cancelledAppointmentId: cancelledVisit.appointmentId,
    pastBookedRepairReference: pastBookedRepair.repairReference,
    pastBookedAppointmentId: pastBooked.appointmentId,
    noAccessAppointmentId: noAccess.appointmentId,
    openWorksOrderReference: open.workOrders[0]!.workOrderReference,
    invoicedWorksOrderReference: invoiced.workOrders[0]!.workOrderReference,
    partInvoicedRepairReference: partInvoiced.repairReference,
    partInvoicedWorksOrderReference: partInvoicedOrder.workOrderReference,
    partInvoicedTaskId: partInvoicedTask.taskId,
    partInvoicedBookedAppointmentId: partInvoicedBooked.appointmentId,
  };
}
