/**
 * The emulator's public types. They mirror what a Tascomi (Idox Cloud) instance exposes to an API
 * key: tables, per-table View / Create & Update access, and the fault knobs tests turn.
 */

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

export interface TablePermission {
  view: boolean;
  write: boolean;
}

export interface TascomiKey {
  publicKey: string;
  privateKey: string;
  /** Per-table access; a table left out has neither View nor Create & Update. Default 'all'. */
  permissions?: Partial<Record<TascomiTable, TablePermission>> | 'all';
}

export interface TascomiFaults {
  /** Added to every /rest request before it is processed, as if it were in transit. */
  latencyMs: number;
  /** 0..1: answer 500/502/503 instead (seeded PRNG so runs repeat). */
  errorRate: number;
  /** 0..1: destroy the socket without answering; nothing is processed. */
  dropRate: number;
  /** 0..1 (addition): process the request (a create is stored) then destroy the socket unanswered. */
  dropAfterCommitRate: number;
  /** The server's clock is this far ahead (+) or behind (-) of now(). */
  clockOffsetMs: number;
  /** The next `count` requests get 429 with Retry-After. */
  rateLimit: null | { retryAfterSeconds: number; count: number };
  /**
   * Creates/updates (of `resource`, or of any writable table) fail validation naming `field`,
   * until cleared, or for the next `count` writes when count is given (addition).
   */
  forceValidationFailure: null | { resource?: string; field: string; message?: string; count?: number };
}

export interface TascomiEmulatorOptions {
  host?: string;
  port?: number;
  /** The instance's IANA time zone (default Europe/London). */
  timeZone?: string;
  /** Default: DEMO_KEYS with all permissions. */
  keys?: TascomiKey[];
  /** The server's wall clock in ms since epoch (default Date.now); tests inject a fake. */
  now?: () => number;
  faults?: Partial<TascomiFaults>;
  /** Deterministic demo data and fault PRNG (default 1). */
  seed?: number;
  /** Default 25. */
  pageSize?: number;
  /**
   * Addition: how the emulator waits for `latencyMs` (default a real timer). Tests pass one that
   * moves their fake clock instead, so latency is measured on the injected clock.
   */
  sleep?: (ms: number) => Promise<void>;
  /** Addition: start with empty tables instead of the demo data. */
  empty?: boolean;
}

export interface RequestLogEntry {
  method: string;
  /** The path without the query string, e.g. /rest/v1/complaints/25. */
  path: string;
  /** Addition: the query string without '?', '' when none. */
  query: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  /** As sent in X-Public (even when unknown); never the hash. */
  publicKey?: string;
  /** Addition: the server's clock (ms) when the request was processed. */
  at: number;
}

export type StoredRecord = Record<string, string | null>;
