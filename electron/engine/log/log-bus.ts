import { LOG_LEVELS, LOG_OUTCOMES, NewLogEntrySchema, type LogEntry, type NewLogEntry } from '../../../shared/domain/log-entry';
import { isoInZone, type Clock } from '../clock';
import type { EventHub } from '../events';
import type { LogRepo, StoredLogEntry } from '../store/log-repo';
import { entryForConsole } from './entry-for-console';

/**
 * Where engine components write the integration log: each entry is validated, numbered, pushed to
 * every connected console as the contract's `log` event, and stored in SQLite.
 *
 * Group commit: the entries written during one turn of the event loop are stored together, in one
 * transaction, as soon as that turn ends (setImmediate). With every commit fsynced (synchronous=FULL),
 * one commit per entry held the log to a few hundred entries a second on a busy machine; one per turn
 * keeps up with thousands, and a crash can lose only the entries of the turn it interrupts. Readers
 * call flush() first, so nobody reads the table without the entries already written.
 *
 * An entry written while the store is inside a transaction (the intake of a case, a job's success)
 * is stored in that transaction: it commits (or rolls back) with the change it tells of, at no
 * extra commit (each commit rewrites the log's pages, its indexes and the search
 * index, which cost more than the rows themselves). Its `log` event leaves once that transaction
 * commits, and not at all when it rolls back (Store.afterCommit).
 *
 * An entry written while the engine handles a call names the person who made it (`person`, from
 * acting-person.ts through log-system.ts), so the Log page can filter by who acted; the engine's own
 * work (an attempt, retention, a case from the CRM) names nobody.
 */
export interface LogBus {
  write(entry: NewLogEntry): LogEntry;
  recent(limit: number, beforeId?: number): LogEntry[];
  byCase(caseId: string, limit: number): LogEntry[];
  /** Stores what is waiting now (readers of the table, and close, call this). */
  flush(): void;
  /** Stores what waits and refuses later writes (the engine is stopping; its store closes next). */
  close(): void;
}

const LEVELS: ReadonlySet<unknown> = new Set(LOG_LEVELS);
const OUTCOMES: ReadonlySet<unknown> = new Set(LOG_OUTCOMES);
const text = (value: unknown, min: number, max: number) => typeof value === 'string' && value.length >= min && value.length <= max;
const optionalText = (value: unknown, max: number) => value === undefined || text(value, 0, max);
const optionalCount = (value: unknown, min: number) => value === undefined || (Number.isSafeInteger(value) && (value as number) >= min);
const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(NewLogEntrySchema.shape));

/**
 * The same rules as NewLogEntrySchema, checked by hand: zod cost more than storing the entry, and
 * every attempt writes one. Only a yes is trusted; anything else goes through the schema, so a bad
 * entry is refused with the schema's own error.
 */
function plainlyValid(entry: NewLogEntry): boolean {
  for (const key in entry) if (!KNOWN_KEYS.has(key)) return false;
  const e = entry as Record<keyof NewLogEntry, unknown>;
  return (
    LEVELS.has(e.level) &&
    text(e.message, 1, 10_000) &&
    text(e.source, 1, 64) &&
    optionalText(e.caseId, 200) &&
    optionalText(e.templateId, 200) &&
    optionalCount(e.jobId, 1) &&
    optionalCount(e.attempt, 1) &&
    (e.outcome === undefined || OUTCOMES.has(e.outcome)) &&
    (e.durationMs === undefined || (typeof e.durationMs === 'number' && Number.isFinite(e.durationMs) && e.durationMs >= 0)) &&
    optionalText(e.request, 200_000) &&
    optionalText(e.response, 200_000) &&
    optionalText(e.errorClass, 64) &&
    optionalCount(e.retryAtMs, 0) &&
    (e.person === undefined || text(e.person, 1, 200))
  );
}

/** Stored entries leave "not given" out, as the table's readers do. */
function withoutTimeMs({ timeMs: _timeMs, ...entry }: StoredLogEntry): LogEntry {
  return entry;
}

/** Hears whether stored writes succeed: the engine turns failures into a health alarm (log-write-alarm.ts). */
export interface LogWriteListener {
  failed(error: unknown, lost: number): void;
  stored(): void;
}

const toStderr: LogWriteListener = {
  failed: (error, lost) => console.error(`casebridge: ${lost} log entries could not be stored:`, error),
  stored: () => {},
};

export function createLogBus(deps: {
  repo: LogRepo;
  clock: Clock;
  events: EventHub;
  writes?: LogWriteListener;
  /** The person whose call is writing now (acting-person.ts); undefined (the engine's own work) leaves it out. */
  person?: () => string | undefined;
}): LogBus {
  const writes = deps.writes ?? toStderr;
  let nextId = deps.repo.maxId() + 1;
  let pending: StoredLogEntry[] = [];
  let scheduled = false;
  let closed = false;

  // No other writer can take these ids: one engine owns the data folder (store/folder-lock.ts).
  const insert = (batch: StoredLogEntry[]) => {
    try {
      deps.repo.insertMany(batch);
    } catch (error) {
      writes.failed(error, batch.length);
      return;
    }
    writes.stored();
  };
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    insert(batch);
  };

  return {
    write(entry) {
      // As a write to a closed database always did: the caller hears it, nothing is silently lost.
      if (closed) throw new Error(`The engine has stopped; this log entry was not stored: ${entry.message}`);
      const valid = plainlyValid(entry) ? entry : NewLogEntrySchema.parse(entry);
      const ms = deps.clock.millis();
      // The person whose call is writing; outside any call, the one the entry names (a sign-in).
      const person = deps.person?.() ?? valid.person;
      const stored: StoredLogEntry = { ...valid, id: nextId++, time: isoInZone(ms, deps.clock.zone), timeMs: ms, ...(person !== undefined ? { person } : {}) };
      // Inside a transaction only this entry joins it: entries written before wait for their own
      // commit, so a rollback takes with it just what it undid.
      if (deps.repo.inTransaction?.()) insert([stored]);
      else {
        pending.push(stored);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }
      const view = withoutTimeMs(stored);
      // Heard once its transaction commits (never when it rolls back); outside one, at once, as the
      // turn's entries are stored before any reader reads (flush). Consoles hear it as they would
      // read it: personal values hidden (the stored entry keeps them marked, for a reveal).
      const emit = () => deps.events.emit('log', entryForConsole(view, { reveal: false }));
      if (deps.repo.afterCommit) deps.repo.afterCommit(emit);
      else emit();
      return view;
    },
    recent(limit, beforeId) {
      flush();
      return deps.repo.recent(limit, beforeId);
    },
    byCase(caseId, limit) {
      flush();
      return deps.repo.byCase(caseId, limit);
    },
    flush,
    close() {
      flush();
      closed = true;
    },
  };
}
