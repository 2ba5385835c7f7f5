/**
 * A Civica Cx API emulator: a real HTTP server for tests, benchmarks and the demo mode, speaking
 * the dialect in ../shared/reference/civica-cx.md. The product never imports it. See README.md
 * in this folder for its behaviour.
 */
import { cancellableSleep, closeServer, listen } from '../common/server';
import { recordsOf, RECORD_KINDS, type RecordKind } from './admin';
import { Allowlist, DEFAULT_ALLOWLIST, type AllowlistAnswer, DEMO_USER, NO_API_USER, parseUser, publicUser, Tokens } from './auth';
import { codeLists } from './codes';
import type { EmulatorContext } from './context';
import { FaultState } from './faults';
import { invoiceRepair, seedCompanies, seedDemoData, type DemoFacts } from './seed';
import { createEmulatorServer } from './server';
import { parseRefusalStyle, type RefusalStyle } from './refusal-style';
import { isRefusal, Store } from './store';
import { invoiceTask } from './works-order-rules';
import type { CivicaCxEmulatorOptions, CivicaCxFaults, CxUser, RequestLogEntry, WriteOperation } from './types';

export { ALLOWLIST_ANSWERS, BAD_CREDENTIALS_MESSAGE, DEFAULT_ALLOWLIST, DEMO_USER, NO_API_USER, type AllowlistAnswer } from './auth';
export { NO_FAULTS } from './faults';
export { codeLists } from './codes';
export type { DemoFacts } from './seed';
export { REFUSAL_STYLES, type RefusalStyle } from './refusal-style';
export { RECORD_KINDS };
export type { CivicaCxEmulatorOptions, CivicaCxFaults, CxUser, RecordKind, RequestLogEntry, WriteOperation };

export interface CivicaCxEmulator {
  /** http://127.0.0.1:N, the "API URL" of the instance (calls at baseUrl + '/api/v1/...'). */
  baseUrl: string;
  /** http://127.0.0.1:N/__admin */
  adminUrl: string;
  /** Facts about the demo data (null when started with `empty: true`). */
  demo: DemoFacts | null;
  setFaults(faults: Partial<CivicaCxFaults>): void;
  clearFaults(): void;
  /** The knobs as they are now (rateLimit and counted failures count down as requests use them). */
  faults(): CivicaCxFaults;
  /** How refusals are answered: 'status' (HTTP 409 / 422 / 401) or 'body' (200, the refusal in the body). */
  refusalStyle(): RefusalStyle;
  setRefusalStyle(style: RefusalStyle): void;
  /** The allowed caller addresses / CIDR blocks. */
  allowlist(): string[];
  /** Replaces the allowlist (an empty list refuses every caller). */
  setAllowlist(entries: string[]): void;
  /** How a caller not on the allowlist is answered: json403, timeout, refused or html. */
  allowlistAnswer(): AllowlistAnswer;
  setAllowlistAnswer(answer: AllowlistAnswer): void;
  /** Users without their passwords. */
  users(): { username: string; apiAccess: boolean; companies: string[] | 'all' }[];
  /** Adds a user, or replaces the user with the same username (a new password ends its tokens). */
  addUser(user: CxUser): void;
  removeUser(username: string): void;
  /** Every issued token stops working now. */
  expireTokens(): void;
  /** Records as the API shows them, each with its companyCode. */
  records(kind: RecordKind): Record<string, unknown>[];
  /** Marks every task of a repair's live orders invoiced (as the back office would). */
  invoiceRepair(repairReference: string): void;
  /** The back office invoices one task of a works order, in part (an interim valuation) or in full. */
  invoiceTask(taskId: number, extent: 'part' | 'full'): void;
  /** SOR codes, priorities, repair types, contracts, categories, RepairStatusCodes, works-order cancel statuses and reasons. */
  codeLists(): ReturnType<typeof codeLists>;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** The server's clock in ms (now() + clockOffsetMs). */
  serverNow(): number;
  close(): Promise<void>;
}

export async function startCivicaCxEmulator(options: CivicaCxEmulatorOptions = {}): Promise<CivicaCxEmulator> {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed: must be a whole number, not ${seed}`);
  const pageSize = options.pageSize ?? 25;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw new Error(`pageSize: must be a whole number from 1 to 100, not ${pageSize}`);
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  if (!Number.isInteger(lifetime) || lifetime < 1) throw new Error(`tokenLifetimeSeconds: must be a whole number from 1, not ${lifetime}`);

  const refusalStyle = parseRefusalStyle(options.refusalStyle ?? 'status', 'refusalStyle');

  const now = options.now ?? Date.now;
  const faults = new FaultState(seed, options.faults);
  const serverNow = () => now() + faults.clockOffsetMs;
  const realTimers = cancellableSleep();
  const users = new Map((options.users ?? [{ ...DEMO_USER }, { ...NO_API_USER, apiAccess: false }]).map((u) => parseUser(u)).map((u) => [u.username, u]));
  const allowlist = new Allowlist(options.allowlist ?? DEFAULT_ALLOWLIST, options.allowlistAnswer ?? 'json403');
  const store = new Store(seed);
  seedCompanies(store);
  const demo = options.empty ? null : seedDemoData(store, seed, serverNow());

  const ctx: EmulatorContext = {
    store,
    faults,
    users,
    tokens: new Tokens(),
    allowlist,
    tokenLifetimeMs: lifetime * 1000,
    pageSize,
    serverNow,
    sleep: options.sleep ?? realTimers.sleep,
    log: [],
    demo,
    refusalStyle,
  };

  const server = createEmulatorServer(ctx);
  const origin = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);

  return {
    baseUrl: origin,
    adminUrl: `${origin}/__admin`,
    demo,
    setFaults: (partial) => faults.set(partial),
    clearFaults: () => faults.clear(),
    faults: () => faults.get(),
    refusalStyle: () => ctx.refusalStyle,
    setRefusalStyle: (style) => {
      ctx.refusalStyle = parseRefusalStyle(style, 'refusalStyle');
    },
    allowlist: () => allowlist.get(),
    setAllowlist: (entries) => allowlist.replace(entries),
    allowlistAnswer: () => allowlist.answer,
    setAllowlistAnswer: (answer) => allowlist.setAnswer(answer),
    users: () => [...users.values()].map(publicUser),
    addUser(user) {
      const parsed = parseUser(user);
      users.set(parsed.username, parsed);
    },
    removeUser(username) {
      if (!users.delete(username)) throw new Error(`No user ${username}`);
    },
    expireTokens: () => {
      ctx.tokens.expireAll(serverNow());
    },
    records: (kind) => {
      if (!(RECORD_KINDS as readonly string[]).includes(kind)) throw new Error(`No records named ${kind}; kinds: ${RECORD_KINDS.join(', ')}`);
      return recordsOf(ctx, kind);
    },
    invoiceRepair(repairReference) {
      const repair = store.repairs.get(repairReference);
      if (!repair) throw new Error(`No repair ${repairReference}`);
      invoiceRepair(repair);
    },
    invoiceTask(taskId, extent) {
      const result = invoiceTask(store, taskId, extent);
      if (isRefusal(result)) throw new Error(result.message);
    },
    codeLists,
    requestLog: () => ctx.log.map((e) => ({ ...e })),
    clearRequestLog: () => {
      ctx.log.length = 0;
    },
    serverNow,
    close() {
      realTimers.cancelAll();
      return closeServer(server);
    },
  };
}
