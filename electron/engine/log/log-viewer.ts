/**
 * What the Log page asks of the engine: filtered pages, bounded counts, an entry's detail with its
 * job's attempt timeline, CSV export in batches, and retention. Person and address details in
 * requests and answers stay hidden unless a person reveals them, giving a reason: the reveal is
 * recorded in the access audit with the reason before anything is shown, and logged (without the
 * reason, which may itself name the resident: the log is kept, exported and erased by other rules).
 */
import { DateTime } from 'luxon';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import {
  DEFAULT_LOG_SETTINGS,
  LOG_PEOPLE_LIMIT,
  LogSettingsSchema,
  type AttemptView,
  type LogEntryDetail,
  type LogFilter,
  type LogPage,
  type LogSettings,
} from '../../../shared/domain/log-filter';
import { CallRefusedError, issuesOf } from '../../../shared/dispatch';
import type { Clock } from '../clock';
import type { AccessAudit } from './access-audit';
import { createPeriodicTask } from '../loop-control';
import type { LogQueries } from '../store/log-queries';
import type { LogRepo } from '../store/log-repo';
import type { SettingsRepo } from '../store/settings-repo';
import { entryForConsole, entryHasPersonal } from './entry-for-console';

const SETTINGS_KEY = 'log.retention';
/** Counting stops here: "100,000+" says enough, and counting millions takes time. */
export const COUNT_CAP = 100_000;
/** Rows deleted per transaction while pruning, so live writes never wait long. */
const PRUNE_BATCH = 5_000;
/** How often retention runs in the background. */
const PRUNE_EVERY_MS = 60 * 60_000;

export const CSV_COLUMNS = [
  'id',
  'time',
  'level',
  'source',
  'person',
  'outcome',
  'case',
  'template',
  'job',
  'attempt',
  'duration_ms',
  'error_class',
  'message',
  'request',
  'response',
] as const;

export interface ExportBatch {
  /** CSV text: the header line first when the batch is the first. */
  csv: string;
  rows: number;
  /** Continue from here; undefined when nothing matched. */
  lastId?: number;
  done: boolean;
}

export interface LogViewer {
  page(filter: LogFilter, limit: number, beforeId?: number): LogPage;
  count(filter: LogFilter): { count: number; capped: boolean };
  /** The people whose calls wrote entries, the most recently active first (LOG_PEOPLE_LIMIT at most). */
  people(): string[];
  /** The entry, its personal details revealed when a reason is given (refused when it cannot be recorded). */
  detail(id: number, reveal?: { reason: string }): LogEntryDetail;
  /** A job's attempts as the log recorded them, oldest first, each with its request and answer (personal details hidden). */
  jobAttempts(jobId: number): AttemptView[];
  exportBatch(filter: LogFilter, limit: number, afterId?: number): ExportBatch;
  settings(): LogSettings;
  saveSettings(input: unknown): LogSettings;
  /**
   * Removes what retention says to remove, a batch at a time (other work runs between); returns how
   * many went. Stops between two batches once `signal` aborts (the rest goes at the next run).
   */
  prune(signal?: AbortSignal): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** One CSV field: quoted when needed, and a leading = + - @ defused so a spreadsheet does not run it as a formula. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function createLogViewer(deps: {
  queries: LogQueries;
  repo: Pick<LogRepo, 'prune'>;
  settings: SettingsRepo;
  clock: Clock;
  log: { write(entry: NewLogEntry): unknown };
  /** Who is revealing, read as the reveal is recorded (acting-person.ts). */
  operator: () => string;
  audit: Pick<AccessAudit, 'record'>;
  /** Stores log entries still waiting for their commit, so a read sees everything written. */
  flush: () => void;
}): LogViewer {
  const { clock } = deps;
  // Every read flushes first: a person never misses an entry the engine already announced.
  const queries: LogQueries = {
    page: (...a) => (deps.flush(), deps.queries.page(...a)),
    count: (...a) => (deps.flush(), deps.queries.count(...a)),
    exportBatch: (...a) => (deps.flush(), deps.queries.exportBatch(...a)),
    get: (...a) => (deps.flush(), deps.queries.get(...a)),
    attempts: (...a) => (deps.flush(), deps.queries.attempts(...a)),
    people: (...a) => (deps.flush(), deps.queries.people(...a)),
    outcomesByHour: (...a) => (deps.flush(), deps.queries.outcomesByHour(...a)),
  };

  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: clock.zone }).toISO()!;

  const readSettings = (): LogSettings => {
    const parsed = LogSettingsSchema.safeParse(deps.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.data : { ...DEFAULT_LOG_SETTINGS };
  };

  /** A job's attempts, oldest first; with `exchange`, each one's request and answer (personal details hidden). */
  function attemptsOf(jobId: number, { exchange }: { exchange: boolean }): AttemptView[] {
    return queries.attempts(jobId).map((a) => {
      const shown = entryForConsole(a, { reveal: false });
      return {
        attempt: a.attempt ?? 0,
        time: a.time,
        ...(a.durationMs !== undefined ? { durationMs: a.durationMs } : {}),
        outcome: a.outcome!,
        ...(a.errorClass !== undefined ? { errorClass: a.errorClass } : {}),
        message: shown.message,
        ...(a.retryAtMs !== undefined ? { retryAt: iso(a.retryAtMs) } : {}),
        entryId: a.id,
        ...(exchange && shown.request !== undefined ? { request: shown.request } : {}),
        ...(exchange && shown.response !== undefined ? { response: shown.response } : {}),
      };
    });
  }

  async function prune(signal?: AbortSignal): Promise<number> {
    const { keepDays, keepEntries } = readSettings();
    const before = clock.now().minus({ days: keepDays }).toMillis();
    deps.flush();
    let total = 0;
    let stopped = false;
    for (;;) {
      const removed = deps.repo.prune(before, keepEntries, PRUNE_BATCH);
      total += removed;
      if (removed < PRUNE_BATCH) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
      // A batch takes a fraction of a second even on a million entries: a stop waits for one at most.
      if ((stopped = signal?.aborted === true)) break;
    }
    const entries = `${total} entr${total === 1 ? 'y' : 'ies'}`;
    const kept = `the last ${keepDays} day(s), at most ${keepEntries.toLocaleString('en-GB')} entries`;
    if (stopped)
      deps.log.write({ level: 'info', source: 'log', message: `Log retention removed ${entries}, then stopped with the engine; the rest goes at its next run (keeping ${kept}).` });
    else if (total > 0) deps.log.write({ level: 'info', source: 'log', message: `Log retention removed ${entries} (kept: ${kept}).` });
    return total;
  }

  const task = createPeriodicTask(clock, PRUNE_EVERY_MS, prune, (error) =>
    deps.log.write({
      level: 'warn',
      source: 'log',
      message: `Log retention could not run: ${error instanceof Error ? error.message : String(error)}. It will try again in an hour.`,
    }),
  );

  return {
    page(filter, limit, beforeId) {
      // One extra row says whether there is more, without counting.
      const rows = queries.page(filter, limit + 1, beforeId);
      return { rows: rows.slice(0, limit).map((row) => entryForConsole(row, { reveal: false })), hasMore: rows.length > limit };
    },
    count: (filter) => queries.count(filter, COUNT_CAP),
    people: () => queries.people(LOG_PEOPLE_LIMIT),
    jobAttempts: (jobId) => attemptsOf(jobId, { exchange: true }),
    detail(id, revealFor) {
      const entry = queries.get(id);
      if (!entry) throw new CallRefusedError(`There is no log entry ${id} (it may have been removed by retention).`, 'invalid_input', [{ path: 'id', message: 'no such entry' }]);
      const personal = entryHasPersonal(entry);
      const wantReveal = revealFor !== undefined;
      // An entry with nothing personal in it reveals nothing: nothing to record.
      if (wantReveal && personal) {
        deps.audit.record({ action: 'personal_revealed', subject: `log entry ${id}`, ...(entry.caseId ? { caseId: entry.caseId } : {}), reason: revealFor.reason });
        deps.log.write({
          level: 'warn',
          source: 'log',
          ...(entry.caseId ? { caseId: entry.caseId } : {}),
          message: `Personal details in log entry ${id} were revealed in the console by ${deps.operator()}.`,
        });
      }
      const attempts = entry.jobId === undefined ? [] : attemptsOf(entry.jobId, { exchange: false });
      return { entry: entryForConsole(entry, { reveal: wantReveal }), personalHidden: personal && !wantReveal, attempts };
    },
    exportBatch(filter, limit, afterId) {
      const entries = queries.exportBatch(filter, limit, afterId);
      const lines = entries.map((raw) => {
        const e = entryForConsole(raw, { reveal: false });
        return [e.id, e.time, e.level, e.source, e.person, e.outcome, e.caseId, e.templateId, e.jobId, e.attempt, e.durationMs, e.errorClass, e.message, e.request, e.response]
          .map(csvField)
          .join(',');
      });
      if (afterId === undefined) lines.unshift(CSV_COLUMNS.join(','));
      const lastId = entries.at(-1)?.id ?? afterId;
      return { csv: lines.length > 0 ? `${lines.join('\r\n')}\r\n` : '', rows: entries.length, ...(lastId !== undefined ? { lastId } : {}), done: entries.length < limit };
    },
    settings: readSettings,
    saveSettings(input) {
      const parsed = LogSettingsSchema.safeParse(input);
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        throw new CallRefusedError(`The log settings are not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, 'invalid_input', issues);
      }
      deps.settings.set(SETTINGS_KEY, parsed.data, clock.now().toISO()!);
      deps.log.write({
        level: 'info',
        source: 'log',
        message: `Log retention saved: keep ${parsed.data.keepDays} day(s), at most ${parsed.data.keepEntries.toLocaleString('en-GB')} entries.`,
      });
      task.wake(); // prune now under the new settings (after the run under way, if there is one)
      return parsed.data;
    },
    prune,
    start: () => task.start(),
    stop: () => task.stop(),
  };
}
