/**
 * Civica Cx customer data with the seed's "API refresh": a contact search, and one contact's repairs
 * with their work orders and appointments, are read live from Cx the first time, then served from
 * the SQLite cache until they are `refreshMinutes` old (at exactly that age they are read again).
 * "Refresh now" reads a contact live whatever its age.
 *
 * The repairs start date is applied when the data is read from Cx (Cx's `createdFrom`), so a
 * change to it takes effect at each contact's next refresh, as the seed says; the data remembers
 * which start date it was read with. Cache keys include the company, so choosing another company
 * never serves the old one's data.
 */
import { CallRefusedError } from '../../../../shared/dispatch';
import type { CivicaCxSettings } from '../../../../shared/domain/civica-cx';
import type { TenantSummary } from '../../../../shared/domain/tenants';
import type { Clock } from '../../clock';
import type { CxCacheRepo } from '../../store/cx-cache-repo';
import type { CivicaCxClient } from './client';
import { CX_NOT_CONFIGURED } from './connection';
import type { CxAppointment, CxCode, CxContact, CxRepair, CxWorksOrder } from './dialect';

/** How long a cached answer nobody reads again is kept before it is removed. */
const CACHE_KEEP_MS = 24 * 60 * 60_000;

export interface Cached<T> {
  data: T;
  /** When it was read from Cx (ms since the epoch). */
  fetchedAt: number;
  fromCache: boolean;
}

export interface TenantCriteria {
  reference?: string;
  surname?: string;
  postcode?: string;
}

export interface AppointmentRecord {
  appointmentId: number;
  kind: string;
  start: string;
  end: string;
  status: string;
  workOrderReference: string | null;
}

export interface RepairRecord {
  repairReference: string;
  createdAt: string;
  description: string;
  sorCode: string;
  priority: string;
  status: string;
  workOrders: { workOrderReference: string; status: string; repairStatusCode: string; tasks: { sorCode: string; description: string; invoiced: boolean }[] }[];
  appointments: AppointmentRecord[];
}

export interface ContactRecord {
  contact: TenantSummary;
  /** The start date the repairs were read with ('' for none). */
  repairsStartDate: string;
  repairs: RepairRecord[];
}

/** A repair's works orders, and the lists a works-order cancellation takes its status and reason from. */
export interface WorksOrdersRecord {
  repairReference: string;
  worksOrders: CxWorksOrder[];
  cancelStatuses: CxCode[];
  cancelReasons: CxCode[];
}

export interface CxCustomerData {
  findContacts(criteria: TenantCriteria): Promise<Cached<TenantSummary[]>>;
  /** A contact's repairs and appointments; `refresh` reads them live whatever the cache holds. */
  contactRepairs(contactId: number, options?: { refresh?: boolean }): Promise<Cached<ContactRecord>>;
  /** A repair's works orders (with their tasks and appointments) and the cancel lists; `refresh` reads them live. */
  worksOrders(repairReference: string, options?: { refresh?: boolean }): Promise<Cached<WorksOrdersRecord>>;
  /** The settings the data is read with. */
  settings(): Promise<CivicaCxSettings>;
  /** Drops a contact's cached repairs (a repair was just raised for them): the next look reads live. */
  forgetContact(company: string, contactId: number): void;
}

export interface CxCustomerDataDeps {
  client(): Promise<Pick<CivicaCxClient, 'findContacts' | 'contact' | 'repairsOfContact' | 'appointmentsOfRepair' | 'worksOrdersOfRepair' | 'worksOrderList'>>;
  /** The saved settings (company, start date, refresh minutes). */
  settings(): Promise<CivicaCxSettings>;
  cache: CxCacheRepo;
  clock: Pick<Clock, 'millis'>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

export function tenantSummary(contact: CxContact): TenantSummary {
  const address = isObject(contact.address) ? contact.address : {};
  return {
    contactId: contact.contactId,
    reference: contact.reference,
    name: [contact.title, contact.forename, contact.surname].map(text).filter(Boolean).join(' '),
    address: [address.line1, address.line2, address.town, address.postcode].map(text).filter(Boolean).join(', '),
    postcode: text(address.postcode),
  };
}

function workOrders(repair: CxRepair): RepairRecord['workOrders'] {
  return repair.workOrders.filter(isObject).map((order) => ({
    workOrderReference: text(order.workOrderReference),
    status: text(order.status),
    repairStatusCode: text(order.repairStatusCode),
    tasks: (Array.isArray(order.tasks) ? order.tasks : []).filter(isObject).map((task) => ({
      sorCode: text(task.sorCode),
      description: text(task.description),
      invoiced: task.invoiced === true,
    })),
  }));
}

function appointment(a: CxAppointment): AppointmentRecord {
  return {
    appointmentId: a.appointmentId,
    kind: text(a.kind),
    start: text(a.start),
    end: text(a.end),
    status: text(a.status),
    workOrderReference: typeof a.workOrderReference === 'string' ? a.workOrderReference : null,
  };
}

/** Normalises the criteria so the same search hits the same cache row. */
function searchKey(company: string, criteria: TenantCriteria): string {
  const norm = (v: string | undefined) => (v ?? '').trim().toLowerCase();
  return `search:${company}:${JSON.stringify([norm(criteria.reference), norm(criteria.surname), norm(criteria.postcode).replace(/\s+/g, '')])}`;
}
const contactKey = (company: string, contactId: number) => `contact:${company}:${contactId}`;
const worksOrdersKey = (company: string, repairReference: string) => `works-orders:${company}:${repairReference.toLowerCase()}`;

/** Appointment reads running at once for one contact: quicker than one by one, gentle on Cx. */
export const APPOINTMENT_READS_AT_ONCE = 4;

/** `fn` over `items` with at most `limit` running at once; results in the items' order; the first failure fails all. */
export async function mapInParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    // After a failure no lane starts another item: the answer is already a failure.
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export function createCxCustomerData(deps: CxCustomerDataDeps): CxCustomerData {
  // Settings not saved yet are an expected answer (the Tenants page says where to save them), not a failure to report.
  async function ready(): Promise<CivicaCxSettings> {
    const settings = await deps.settings();
    if (!settings.enabled) throw new CallRefusedError(CX_NOT_CONFIGURED, 'failed');
    if (!settings.companyCode) throw new CallRefusedError('No Cx company is selected: choose one under "Selected company" on the Connections page and save.', 'failed');
    return settings;
  }

  /** The cached body while it is younger than the refresh time; otherwise read live and stored. */
  async function cached<T>(key: string, settings: CivicaCxSettings, refresh: boolean, read: () => Promise<T>, valid: (body: unknown) => body is T): Promise<Cached<T>> {
    const now = deps.clock.millis();
    if (!refresh) {
      const row = deps.cache.get(key);
      if (row && valid(row.body) && now - row.fetchedAt >= 0 && now - row.fetchedAt < settings.refreshMinutes * 60_000) {
        return { data: row.body, fetchedAt: row.fetchedAt, fromCache: true };
      }
    }
    const data = await read();
    // When the answer arrived, not when it was asked for: the age counts from the data's time.
    const fetchedAt = deps.clock.millis();
    deps.cache.put(key, data, fetchedAt);
    // Rows nobody has read again for a day (or two refresh times, if longer) would only pile up.
    deps.cache.pruneOlderThan(fetchedAt - Math.max(CACHE_KEEP_MS, 2 * settings.refreshMinutes * 60_000));
    return { data, fetchedAt, fromCache: false };
  }

  return {
    settings: deps.settings,
    forgetContact: (company, contactId) => deps.cache.delete(contactKey(company, contactId)),

    async findContacts(criteria) {
      const settings = await ready();
      return cached(
        searchKey(settings.companyCode, criteria),
        settings,
        false,
        async () => {
          const client = await deps.client();
          const found = await client.findContacts(settings.companyCode, {
            reference: criteria.reference?.trim() || undefined,
            surname: criteria.surname?.trim() || undefined,
            postcode: criteria.postcode?.trim() || undefined,
          });
          return found.map(tenantSummary);
        },
        (body): body is TenantSummary[] => Array.isArray(body),
      );
    },

    async contactRepairs(contactId, options = {}) {
      const settings = await ready();
      const company = settings.companyCode;
      return cached(
        contactKey(company, contactId),
        settings,
        options.refresh === true,
        async () => {
          const client = await deps.client();
          const startDate = settings.repairsStartDate;
          const [contact, repairs] = await Promise.all([client.contact(company, contactId), client.repairsOfContact(company, contactId, startDate || undefined)]);
          // One call per repair (the dialect has no appointments-of-a-contact call): a few at once.
          const records = await mapInParallel(repairs, APPOINTMENT_READS_AT_ONCE, async (repair): Promise<RepairRecord> => {
            const appointments = await client.appointmentsOfRepair(company, repair.repairReference);
            return {
              repairReference: repair.repairReference,
              createdAt: text(repair.createdAt),
              description: text(repair.description),
              sorCode: text(repair.sorCode),
              priority: text(repair.priority),
              status: text(repair.status),
              workOrders: workOrders(repair),
              appointments: appointments.map(appointment),
            };
          });
          return { contact: tenantSummary(contact), repairsStartDate: startDate, repairs: records };
        },
        (body): body is ContactRecord => isObject(body) && isObject(body.contact) && Array.isArray(body.repairs),
      );
    },

    async worksOrders(repairReference, options = {}) {
      const settings = await ready();
      const company = settings.companyCode;
      return cached(
        worksOrdersKey(company, repairReference),
        settings,
        options.refresh === true,
        async () => {
          const client = await deps.client();
          const [worksOrders, cancelStatuses, cancelReasons] = await Promise.all([
            client.worksOrdersOfRepair(company, repairReference),
            client.worksOrderList(company, 'cancelStatuses'),
            client.worksOrderList(company, 'cancelReasons'),
          ]);
          return { repairReference, worksOrders, cancelStatuses, cancelReasons };
        },
        (body): body is WorksOrdersRecord => isObject(body) && Array.isArray(body.worksOrders) && Array.isArray(body.cancelStatuses) && Array.isArray(body.cancelReasons),
      );
    },
  };
}
