/**
 * What a failure of SQLite itself (not of one query) means for the person running casebridge: the
 * file is damaged, the disk is full or failing, the folder became read-only. One table of rules
 * turns SQLite's error codes into one sentence that names the file and says what to do, and names
 * the health alarm it raises. Anything else (a constraint, a bug) passes through as it was.
 *
 * Every path that meets the store's errors goes through one watch: calls (all handlers at once,
 * see guardMethods), the webhook's intake, and the log's writes.
 */
import { CallRefusedError } from '../../../shared/dispatch';
import type { HealthAlarmId } from '../../../shared/domain/health';
import type { Health } from '../health';

export type StoreFaultKind = 'damaged' | 'full' | 'io' | 'read-only';

interface FaultRule {
  /** better-sqlite3 reports SQLite's extended codes (SQLITE_IOERR_WRITE, SQLITE_CORRUPT_INDEX...). */
  codes: RegExp;
  kind: StoreFaultKind;
  alarm: Extract<HealthAlarmId, 'store-damaged' | 'store-error'>;
  says(path: string, code: string): string;
}

export const STORE_FAULT_RULES: readonly FaultRule[] = [
  {
    codes: /^SQLITE_(CORRUPT|NOTADB)/,
    kind: 'damaged',
    alarm: 'store-damaged',
    says: (path, code) =>
      `The database ${path} is damaged (${code}): what is stored in the damaged part cannot be read, and cases are refused until it is replaced. Stop casebridge and restore the file from a backup (README: "When the store is damaged").`,
  },
  {
    codes: /^SQLITE_FULL/,
    kind: 'full',
    alarm: 'store-error',
    says: (path) =>
      `The disk holding ${path} is full: casebridge cannot store anything (cases are refused with 500, so the CRM sends them again later). Free space on that disk; casebridge carries on by itself once there is room.`,
  },
  {
    codes: /^SQLITE_IOERR/,
    kind: 'io',
    alarm: 'store-error',
    says: (path, code) =>
      `The disk holding ${path} failed to read or write it (${code}). Check the disk (and its free space); if the failure goes on, stop casebridge and copy the data folder to a healthy disk.`,
  },
  {
    codes: /^SQLITE_(READONLY|CANTOPEN)/,
    kind: 'read-only',
    alarm: 'store-error',
    says: (path, code) =>
      `casebridge can no longer write ${path} (${code}): its folder or disk has become read-only or was removed. Make it writable again (or restart casebridge once the disk is back).`,
  },
];

/** The error a call, the webhook or the log meets when the store itself failed: its message is the rule's sentence. */
export class StoreFaultError extends CallRefusedError {
  constructor(
    message: string,
    readonly kind: StoreFaultKind,
    readonly alarm: FaultRule['alarm'],
    readonly sqliteCode: string,
  ) {
    // 'failed', not 'invalid_input': nothing is wrong with what the caller sent.
    super(message, 'failed');
  }
}

/** The store fault an error is, or undefined when it is not one (it says nothing about the store). */
export function storeFaultOf(error: unknown, path: string): StoreFaultError | undefined {
  if (error instanceof StoreFaultError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const rule = STORE_FAULT_RULES.find((r) => r.codes.test(code));
  return rule && new StoreFaultError(rule.says(path, code), rule.kind, rule.alarm, code);
}

export interface StoreFaultWatch {
  /** Raises the alarm a store fault calls for; answers what to pass on (the fault in words, or the error as it was). */
  observe(error: unknown): unknown;
  /** A write has just committed: the store can be written again (space was freed, the disk is back). */
  writable(): void;
}

export function createStoreFaultWatch(deps: { path: string; health: Pick<Health, 'raise' | 'clear'> }): StoreFaultWatch {
  return {
    observe(error) {
      const fault = storeFaultOf(error, deps.path);
      if (!fault) return error;
      deps.health.raise(fault.alarm, 'error', fault.message);
      return fault;
    },
    // A damaged file stays damaged whatever succeeds; only a restore ends that alarm.
    writable: () => deps.health.clear('store-error'),
  };
}

/** What the webhook answers (503) while the store is damaged; said to anyone who posts, so it names no file. */
export function caseRefusalWhileDamaged(health: Pick<Health, 'isActive'>): string | undefined {
  return health.isActive('store-damaged')
    ? 'casebridge cannot store cases now: its database is damaged and must be restored by its administrator. Send the case again later.'
    : undefined;
}

/**
 * `target` with every method's failures passed through `observe`, whether thrown or rejected: every
 * call of the contract at once, so no handler can forget.
 */
export function guardMethods<T extends object>(target: T, observe: (error: unknown) => unknown): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(target)) {
    if (typeof value !== 'function') {
      guarded[name] = value;
      continue;
    }
    guarded[name] = (...args: unknown[]) => {
      let result: unknown;
      try {
        result = value.apply(target, args);
      } catch (error) {
        throw observe(error);
      }
      return result instanceof Promise
        ? result.catch((error: unknown) => {
            throw observe(error);
          })
        : result;
    };
  }
  return guarded as T;
}
