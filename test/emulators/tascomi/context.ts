/** The state one emulator instance shares between its REST handler, admin handler and methods. */
import type { FaultState } from './faults';
import type { DemoFacts } from './seed';
import type { Store } from './store';
import { FIELD_NAME } from './validation';
import type { AssumedRules, RequestLogEntry, TableAccess, TascomiKey, TascomiTable } from './types';

export interface EmulatorContext {
  store: Store;
  faults: FaultState;
  keys: Map<string, TascomiKey>;
  zone: string;
  pageSize: number;
  /** The server's clock: injected now() plus the clock offset fault. */
  serverNow(): number;
  sleep(ms: number): Promise<void>;
  log: RequestLogEntry[];
  demo: DemoFacts | null;
  /** The user API writes are recorded against (last_updated_by, creation_user_id). */
  apiUserId: string | null;
  /** The assumed rules as they are now (options.assumed over STRICT_ASSUMED; /__admin/assumed changes them). */
  assumed: AssumedRules;
}

/**
 * A well-formed field name that is not a column of the table (columns.ts, after the options'
 * extraColumns / absentColumns): a write's value for it is dropped and a filter on it ignored
 * (assumed, as a lenient server would). A malformed name is left to validation's error.
 */
export function isAbsentColumn(ctx: EmulatorContext, table: TascomiTable, field: string): boolean {
  return FIELD_NAME.test(field) && !ctx.store.hasColumn(table, field);
}

export const MAX_LOG_ENTRIES = 100_000;

export function appendLog(ctx: EmulatorContext, entry: RequestLogEntry): void {
  ctx.log.push(entry);
  if (ctx.log.length > MAX_LOG_ENTRIES) ctx.log.splice(0, ctx.log.length - MAX_LOG_ENTRIES);
}

export function canAccess(key: TascomiKey, table: TascomiTable, access: TableAccess): boolean {
  const permissions = key.permissions ?? 'all';
  return permissions === 'all' || permissions[table]?.[access] === true;
}
