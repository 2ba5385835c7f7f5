/**
 * A Tascomi (Idox Cloud) REST API emulator: a real HTTP server for tests, benchmarks and the demo
 * mode. The product never imports it. See README.md in this folder for its behaviour.
 */
import { IANAZone } from 'luxon';
import { cancellableSleep, closeServer, listen } from '../common/server';
import { instanceColumns } from './columns';
import { STRICT_ASSUMED, parseAssumed } from './assumed';
import { canAccess, type EmulatorContext } from './context';
import { FaultState } from './faults';
import { DEMO_KEYS, parseKey, parsePermissions } from './keys';
import { seedDemoData, type DemoFacts } from './seed';
import { createEmulatorServer } from './server';
import { Store } from './store';
import {
  DELETABLE_TABLES,
  isTable,
  TABLES,
  WRITABLE_TABLES,
  type AssumedRules,
  type RequestLogEntry,
  type TableAccess,
  type TascomiEmulatorOptions,
  type TascomiFaults,
  type TascomiKey,
  type TascomiTable,
} from './types';

export { AUTH_FAILURE_MESSAGE, signHeaders, tascomiHash, tascomiTimestamp } from './auth';
export { DEMO_KEYS } from './keys';
export { NO_FAULTS } from './faults';
export type { DemoFacts } from './seed';
export { STRICT_ASSUMED } from './assumed';
export { DELETABLE_TABLES, TABLES, WRITABLE_TABLES };
export type { AssumedRules, RequestLogEntry, TascomiEmulatorOptions, TascomiFaults, TascomiKey, TascomiTable };

export interface TascomiEmulator {
  /** http://127.0.0.1:N/rest (resources at baseUrl + '/v1/<resource>'). */
  baseUrl: string;
  /** Addition: http://127.0.0.1:N/__admin */
  adminUrl: string;
  /** Addition: the instance's time zone. */
  timeZone: string;
  /** The keys it accepts (copies). */
  readonly keys: TascomiKey[];
  /** Addition: facts about the demo data (null when started with `empty: true`). */
  demo: DemoFacts | null;
  setFaults(faults: Partial<TascomiFaults>): void;
  clearFaults(): void;
  /** Addition: the knobs as they are now (rateLimit counts down as requests use it). */
  faults(): TascomiFaults;
  setKeyPermissions(publicKey: string, permissions: TascomiKey['permissions']): void;
  /** Adds a key, or replaces the key with the same public key. */
  addKey(key: TascomiKey): void;
  records(resource: TascomiTable): Record<string, unknown>[];
  insert(resource: TascomiTable, fields: Record<string, unknown>): Record<string, unknown>;
  requestLog(): RequestLogEntry[];
  /** Addition: forget the request log. */
  clearRequestLog(): void;
  /** Addition: the server's clock in ms (now() + clockOffsetMs). */
  serverNow(): number;
  /** Addition: whether a key may view / write a table. */
  canAccess(publicKey: string, table: TascomiTable, access: TableAccess): boolean;
  /** Relaxes (false / 'accept') or restores assumed rules; the others stay as they are. */
  setAssumed(rules: Partial<AssumedRules>): void;
  /** The assumed rules as they are now (a copy). */
  assumed(): AssumedRules;
  close(): Promise<void>;
}

export async function startTascomiEmulator(options: TascomiEmulatorOptions = {}): Promise<TascomiEmulator> {
  const zone = options.timeZone ?? 'Europe/London';
  if (!IANAZone.isValidZone(zone)) throw new Error(`timeZone: "${zone}" is not an IANA time zone name (for example Europe/London)`);
  const pageSize = options.pageSize ?? 25;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`pageSize: must be a whole number from 1, not ${pageSize}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed: must be a whole number, not ${seed}`);

  const now = options.now ?? Date.now;
  const faults = new FaultState(seed, options.faults);
  const serverNow = () => now() + faults.clockOffsetMs;
  const realTimers = cancellableSleep();
  const keys = new Map((options.keys ?? [{ ...DEMO_KEYS, permissions: 'all' as const }]).map((k) => parseKey(k)).map((k) => [k.publicKey, k]));
  const store = new Store(serverNow, zone, instanceColumns(options.extraColumns, options.absentColumns));
  const demo = options.empty ? null : seedDemoData(store, seed, serverNow());

  const ctx: EmulatorContext = {
    store,
    faults,
    keys,
    zone,
    pageSize,
    serverNow,
    sleep: options.sleep ?? realTimers.sleep,
    log: [],
    demo,
    apiUserId: demo?.adminUserId ?? null,
    assumed: { ...STRICT_ASSUMED, ...parseAssumed(options.assumed ?? {}) },
  };

  const server = createEmulatorServer(ctx);
  const origin = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  const table = (name: string): TascomiTable => {
    if (!isTable(name)) throw new Error(`No table named ${name}; tables: ${TABLES.join(', ')}`);
    return name;
  };

  return {
    baseUrl: `${origin}/rest`,
    adminUrl: `${origin}/__admin`,
    timeZone: zone,
    get keys() {
      return [...keys.values()].map((k) => structuredClone(k));
    },
    demo,
    setFaults: (partial) => faults.set(partial),
    clearFaults: () => faults.clear(),
    faults: () => faults.get(),
    setKeyPermissions(publicKey, permissions) {
      const key = keys.get(publicKey);
      if (!key) throw new Error(`No key with public key ${publicKey}`);
      key.permissions = parsePermissions(permissions);
    },
    addKey(key) {
      const parsed = parseKey(key);
      keys.set(parsed.publicKey, parsed);
    },
    records: (resource) => store.all(table(resource)),
    insert: (resource, fields) => store.insert(table(resource), fields, ctx.apiUserId),
    requestLog: () => ctx.log.map((e) => ({ ...e })),
    clearRequestLog: () => {
      ctx.log.length = 0;
    },
    serverNow,
    canAccess(publicKey, resource, access) {
      const key = keys.get(publicKey);
      return key !== undefined && canAccess(key, table(resource), access);
    },
    setAssumed(rules) {
      Object.assign(ctx.assumed, parseAssumed(rules));
    },
    assumed: () => ({ ...ctx.assumed }),
    close() {
      realTimers.cancelAll();
      return closeServer(server);
    },
  };
}
