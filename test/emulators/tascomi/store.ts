/**
 * In-memory tables. Every value is kept as Tascomi answers it: a string (ids too: "25"), 't'/'f'
 * for booleans, dates as `yyyy-MM-dd HH:mm:ss` in the instance zone, or null.
 */
import { DateTime } from 'luxon';
import type { TableColumnSets } from './columns';
import { TABLES, type StoredRecord, type TascomiTable } from './types';

/** Fields the server keeps itself; clients cannot set them. */
export const MAINTAINED_FIELDS = ['id', 'submit_date', 'last_updated', 'last_updated_by', 'creation_user_id', 'ceased_date'] as const;

export const DATE_TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export interface SortKey {
  field: string;
  descending: boolean;
}

export interface ListQuery {
  /** field = value pairs, all of which must hold. */
  filters: [string, string][];
  sort: SortKey[];
  page: number;
  pageSize: number;
}

/** A date-time field: `last_updated` and every `*_date`; a `yyyy-MM-dd` filter on one matches that day. */
export function isDateField(field: string): boolean {
  return field === 'last_updated' || field.endsWith('_date');
}

function normalise(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  throw new TypeError(`Field ${field}: Tascomi stores strings, numbers, booleans or null, not ${typeof value}`);
}

/**
 * As a database orders (assumed; Tascomi's database is not public): numbers numerically, text
 * ignoring case (`smith` beside `Smith`), a number before text, and null after every value
 * (so first when descending). Ties fall back to id, so the order is stable.
 */
function compareValues(a: string | null | undefined, b: string | null | undefined): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  const aNumber = NUMBER.test(a);
  const bNumber = NUMBER.test(b);
  if (aNumber && bNumber) return Number(a) - Number(b);
  if (aNumber !== bNumber) return aNumber ? -1 : 1;
  const aText = a.toLowerCase();
  const bText = b.toLowerCase();
  return aText < bText ? -1 : aText > bText ? 1 : 0;
}

export class Store {
  private readonly tables = new Map<TascomiTable, Map<string, StoredRecord>>(TABLES.map((t) => [t, new Map()]));
  private readonly nextIds = new Map<TascomiTable, number>(TABLES.map((t) => [t, 1]));

  /** `serverNow` is the server's clock (injected now() plus any clock offset). */
  constructor(
    private readonly serverNow: () => number,
    readonly zone: string,
    /** Each table's columns (columns.ts): every record carries all of them, and only them. */
    private readonly columns: TableColumnSets,
  ) {}

  hasColumn(table: TascomiTable, field: string): boolean {
    return this.columns.get(table)!.includes(field);
  }

  private lastStamp = { second: NaN, text: '' };

  /** The server's "now" as Tascomi writes it (formatted once per second: formatting is slow). */
  stamp(): string {
    const second = Math.floor(this.serverNow() / 1000);
    if (second !== this.lastStamp.second) this.lastStamp = { second, text: DateTime.fromMillis(second * 1000, { zone: this.zone }).toFormat(DATE_TIME_FORMAT) };
    return this.lastStamp.text;
  }

  /**
   * Adds a record as given (no validation), filling the fields the server maintains; a column the
   * table does not have is dropped, as the API drops it. A `last_updated` given as null stays null
   * (some real records have none).
   */
  insert(table: TascomiTable, fields: Record<string, unknown>, userId: string | null = null): StoredRecord {
    const rows = this.tables.get(table)!;
    const given = fields.id === undefined || fields.id === null ? undefined : normalise(fields.id, 'id')!;
    if (given !== undefined && !/^[1-9]\d*$/.test(given)) throw new Error(`${table}: id ${given} is not a positive whole number`);
    if (given !== undefined && rows.has(given)) throw new Error(`${table}: a record with id ${given} already exists`);
    const id = given ?? String(this.nextIds.get(table)!);
    this.nextIds.set(table, Math.max(this.nextIds.get(table)!, Number(id) + 1));
    const now = this.stamp();
    const record: StoredRecord = {};
    for (const column of this.columns.get(table)!) record[column] = Object.hasOwn(fields, column) ? normalise(fields[column], column) : null;
    record.id = id;
    const has = (column: string) => this.hasColumn(table, column);
    const givenField = (column: string) => has(column) && fields[column] !== undefined;
    if (has('submit_date')) record.submit_date ??= now;
    if (has('last_updated') && !givenField('last_updated')) record.last_updated = record.submit_date ?? now;
    if (has('last_updated_by') && !givenField('last_updated_by')) record.last_updated_by = userId;
    if (has('creation_user_id') && !givenField('creation_user_id')) record.creation_user_id = userId;
    if (has('ceased')) record.ceased ??= 'f';
    if (has('ceased_date') && !givenField('ceased_date')) record.ceased_date = record.ceased === 't' ? now : null;
    rows.set(id, record);
    return { ...record };
  }

  get(table: TascomiTable, id: string): StoredRecord | undefined {
    const row = this.tables.get(table)!.get(id);
    return row && { ...row };
  }

  /** Merges `fields` (columns of the table only) into a record and stamps it; ceasing ('t') also sets ceased_date. */
  update(table: TascomiTable, id: string, fields: Record<string, string | null>, userId: string | null = null): StoredRecord {
    const row = this.tables.get(table)!.get(id);
    if (!row) throw new Error(`${table}: no record with id ${id}`);
    const now = this.stamp();
    for (const [field, value] of Object.entries(fields)) if (this.hasColumn(table, field)) row[field] = value;
    if (this.hasColumn(table, 'ceased_date') && fields.ceased === 't') row.ceased_date = now;
    if (this.hasColumn(table, 'ceased_date') && fields.ceased === 'f') row.ceased_date = null;
    if (this.hasColumn(table, 'last_updated')) row.last_updated = now;
    if (this.hasColumn(table, 'last_updated_by')) row.last_updated_by = userId;
    return { ...row };
  }

  /** Deletes a record; false when there is none with that id. */
  remove(table: TascomiTable, id: string): boolean {
    return this.tables.get(table)!.delete(id);
  }

  all(table: TascomiTable): StoredRecord[] {
    return [...this.tables.get(table)!.values()].map((r) => ({ ...r }));
  }

  count(table: TascomiTable): number {
    return this.tables.get(table)!.size;
  }

  /** Equality filters, sort, then one page. `total` counts every match (X-Number-Of-Results). */
  list(table: TascomiTable, query: ListQuery): { total: number; rows: StoredRecord[] } {
    const matches: StoredRecord[] = [];
    for (const row of this.tables.get(table)!.values()) if (query.filters.every(([field, value]) => matchesFilter(row, field, value))) matches.push(row);
    matches.sort((a, b) => {
      for (const key of query.sort) {
        const order = compareValues(a[key.field], b[key.field]);
        if (order !== 0) return key.descending ? -order : order;
      }
      return Number(a.id) - Number(b.id);
    });
    const start = (query.page - 1) * query.pageSize;
    return { total: matches.length, rows: matches.slice(start, start + query.pageSize).map((r) => ({ ...r })) };
  }
}

/**
 * A record matches `field=value` when it carries that field with exactly that value. (A filter on
 * a column the table does not have never gets here: the API ignores it; one that is not even a
 * field name matches nothing.)
 * `field=` (empty) matches an empty or null value. A `yyyy-MM-dd` value on a date field matches
 * any time that day (`last_updated=2024-01-15`: records changed that day).
 */
function matchesFilter(row: StoredRecord, field: string, value: string): boolean {
  if (!Object.hasOwn(row, field)) return false;
  const actual = row[field];
  if (actual === null) return value === '';
  if (DAY.test(value) && isDateField(field)) return actual.slice(0, 10) === value;
  return actual === value;
}
