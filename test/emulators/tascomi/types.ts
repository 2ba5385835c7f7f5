/**
 * The emulator's public types. They mirror what a Tascomi (Idox Cloud) instance exposes to an API
 * key: tables, per-table View / Create & Update access, and the fault knobs tests turn.
 */
import type { EmulatorFaults, ForcedValidationFailure } from '../common/faults';
import type { SharedEmulatorOptions, SharedRequestLogEntry } from '../common/types';

/** The resources the CRM integration needs (the seed's API access table). */
export const TABLES = [
  'complaints',
  'contacts',
  'dtf_locations',
  'core_functions',
  'complaint_codes',
  'users',
  'organizational_units',
  'reporting_methods',
  'request_categories',
  'titles',
  'complaint_action_required',
] as const;

export type TascomiTable = (typeof TABLES)[number];

/** Only Service Requests and contacts are written by the integration; the rest are code lists. */
export const WRITABLE_TABLES: readonly TascomiTable[] = ['complaints', 'contacts'];

export function isTable(name: string): name is TascomiTable {
  return (TABLES as readonly string[]).includes(name);
}

/** Only Service Requests and contacts are deleted (by the public C# client); casebridge never deletes. */
export const DELETABLE_TABLES: readonly TascomiTable[] = ['complaints', 'contacts'];

export interface TablePermission {
  view: boolean;
  write: boolean;
  /** Delete right (the public C# client deletes complaints and contacts); left out: no Delete. */
  delete?: boolean;
}

export type TableAccess = keyof TablePermission;

/**
 * Rules that come from our inference, not from a public source (README "Sources": assumed). Each
 * defaults to the strict behaviour so tests can run both ways and the client copes with both.
 */
export interface AssumedRules {
  /** A Service Request create needs core_function_id, complaint_code_id, investigating_officer_id (the seed). Off: none is required. */
  requiredServiceRequestFields: boolean;
  /** Flags (`ceased`) only as 't'/'f'. Off: true/false/1/0 too (any case), stored as 't'/'f'. */
  flagsOnlyTOrF: boolean;
  /** `*_date` fields only as `yyyy-MM-dd HH:mm:ss`. Off: `yyyy-MM-dd` too, stored as that day's 00:00:00. */
  fullDateTimesOnly: boolean;
  /** Written field names must match ^[a-z][a-z0-9_]*$. Off: any non-empty name is stored as given. */
  fieldNamePattern: boolean;
  /** An update of a missing id answers 404. Off: 200 `{"id": 0}`, as the FSA's test double does. */
  missingIdUpdateIs404: boolean;
  /**
   * Fields in the query string of a PUT/POST (the supplier's sample client sends them there):
   * 'refuse' answers 400 naming them; 'accept' merges them into the form, the body winning.
   */
  queryStringFields: 'refuse' | 'accept';
}

export interface TascomiKey {
  publicKey: string;
  privateKey: string;
  /** Per-table access; a table left out has no access at all. Default 'all' (every right, Delete too). */
  permissions?: Partial<Record<TascomiTable, TablePermission>> | 'all';
}

/**
 * The shared knobs (../common/faults.ts), as Tascomi meets them: latency is added to every /rest
 * request; a request dropped after commit (addition) has stored its create; the rate limit comes
 * before authentication; forced failures (addition: `count`) hit creates/updates of `resource`,
 * or of any writable table.
 */
export type TascomiFaults = EmulatorFaults<ForcedValidationFailure<'resource', string>>;

/**
 * The shared options (../common/types.ts: host, port, now, faults, seed, sleep; `sleep` is an
 * addition) and Tascomi's own.
 */
export interface TascomiEmulatorOptions extends SharedEmulatorOptions<TascomiFaults> {
  /** The instance's IANA time zone (default Europe/London). */
  timeZone?: string;
  /** Default: DEMO_KEYS with all permissions. */
  keys?: TascomiKey[];
  /** Default 25. */
  pageSize?: number;
  /** Addition: start with empty tables instead of the demo data. */
  empty?: boolean;
  /**
   * Columns a table does not have on this instance, taken from its standard set (columns.ts), e.g.
   * `{ complaints: ['external_reference'] }`. Like any column a table lacks (assumed: no public
   * source says what a real instance does), a write's value for one is silently dropped and a list
   * filter on one is ignored (every record matches), as a lenient server would.
   */
  absentColumns?: Partial<Record<TascomiTable, readonly string[]>>;
  /** Columns this instance has beyond the standard set, e.g. `{ complaints: ['crm_case_ref'] }` (a council's own field). */
  extraColumns?: Partial<Record<TascomiTable, readonly string[]>>;
  /** Assumed rules to relax (each defaults to strict; see AssumedRules). */
  assumed?: Partial<AssumedRules>;
}

/** The shared fields (../common/types.ts: method, path, query, status, at; `query` and `at` are additions) and the key. */
export interface RequestLogEntry extends SharedRequestLogEntry {
  /** As sent in X-Public (even when unknown); never the hash. */
  publicKey?: string;
}

export type StoredRecord = Record<string, string | null>;
