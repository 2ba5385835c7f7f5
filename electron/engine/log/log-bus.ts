import { NewLogEntrySchema, type LogEntry, type NewLogEntry } from '../../../shared/domain/log-entry';
import type { Clock } from '../clock';
import type { EventHub } from '../events';
import type { LogRepo } from '../store/log-repo';

/**
 * Where engine components write the integration log: each entry is validated, stored in SQLite,
 * then pushed to every connected console as the contract's `log` event.
 */
export interface LogBus {
  write(entry: NewLogEntry): LogEntry;
  recent(limit: number, beforeId?: number): LogEntry[];
  byCase(caseId: string, limit: number): LogEntry[];
}

export function createLogBus(deps: { repo: LogRepo; clock: Clock; events: EventHub }): LogBus {
  return {
    write(entry) {
      const valid = NewLogEntrySchema.parse(entry);
      const now = deps.clock.now();
      const stored = deps.repo.insert(valid, now.toISO() ?? now.toUTC().toISO()!, now.toMillis());
      deps.events.emit('log', stored);
      return stored;
    },
    recent: (limit, beforeId) => deps.repo.recent(limit, beforeId),
    byCase: (caseId, limit) => deps.repo.byCase(caseId, limit),
  };
}
