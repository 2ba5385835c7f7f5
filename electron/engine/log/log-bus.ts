import { NewLogEntrySchema, type LogEntry, type NewLogEntry } from '../../../shared/domain/log-entry';
import { isoInZone, type Clock } from '../clock';
import type { EventHub } from '../events';
import type { LogRepo, StoredLogEntry } from '../store/log-repo';

/**
 * Where engine components write the integration log: each entry is validated, numbered, pushed to
 * every connected console as the contract's `log` event, and stored in SQLite.
 *
 * Group commit: the entries written during one turn of the event loop are stored together, in one
 * transaction, as soon as that turn ends (setImmediate). With every commit fsynced (synchronous=FULL),
 * one commit per entry held the log to a few hundred entries a second on a busy machine; one per turn
 * keeps up with thousands, and a crash can lose only the entries of the turn it interrupts. Readers
 * call flush() first, so nobody reads the table without the entries already written.
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

/** Stored entries leave "not given" out, as the table's readers do. */
function withoutTimeMs({ timeMs: _timeMs, ...entry }: StoredLogEntry): LogEntry {
  return entry;
}

export function createLogBus(deps: { repo: LogRepo; clock: Clock; events: EventHub; onFlushError?: (error: unknown, lost: number) => void }): LogBus {
  let nextId = deps.repo.maxId() + 1;
  let pending: StoredLogEntry[] = [];
  let scheduled = false;
  let closed = false;

  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      deps.repo.insertMany(batch);
    } catch (error) {
      // Another writer took these ids (a second engine on the same folder): number them again after its.
      try {
        nextId = deps.repo.maxId() + 1;
        deps.repo.insertMany(batch.map((e) => ({ ...e, id: nextId++ })));
      } catch (again) {
        (deps.onFlushError ?? ((e, n) => console.error(`casebridge: ${n} log entries could not be stored:`, e)))(again, batch.length);
      }
      void error;
    }
  };

  return {
    write(entry) {
      // As a write to a closed database always did: the caller hears it, nothing is silently lost.
      if (closed) throw new Error(`The engine has stopped; this log entry was not stored: ${entry.message}`);
      const valid = NewLogEntrySchema.parse(entry);
      const ms = deps.clock.millis();
      const stored: StoredLogEntry = { ...valid, id: nextId++, time: isoInZone(ms, deps.clock.zone), timeMs: ms };
      pending.push(stored);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      const view = withoutTimeMs(stored);
      deps.events.emit('log', view);
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
