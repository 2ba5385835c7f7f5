/**
 * The log viewer's filter: every part optional, all parts combined (AND). It travels in the console's
 * address and preferences, so it is validated like any outside input.
 */
import { z } from 'zod';
import { LOG_LEVELS, LOG_OUTCOMES, type LogEntry } from './log-entry';
import { IsoDateTimeSchema } from './case';

export const LogFilterSchema = z
  .object({
    levels: z.array(z.enum(LOG_LEVELS)).max(LOG_LEVELS.length).optional(),
    /** Sources: a connector (`tascomi`) or an engine part (`engine`, `jobs`, `cases`...). */
    sources: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
    outcomes: z.array(z.enum(LOG_OUTCOMES)).max(LOG_OUTCOMES.length).optional(),
    caseId: z.string().trim().min(1).max(200).optional(),
    templateId: z.string().trim().min(1).max(200).optional(),
    jobId: z.number().int().positive().optional(),
    /** The person whose calls wrote the entries (exact, as `listLogPeople` names them). */
    person: z.string().trim().min(1).max(200).optional(),
    from: IsoDateTimeSchema.optional(),
    to: IsoDateTimeSchema.optional(),
    /** Words to find in messages (full-text; the last word also matches as a prefix). */
    text: z.string().max(200).optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to), { path: ['to'], message: 'the end is before the start' });
export type LogFilter = z.infer<typeof LogFilterSchema>;

/** A list row: the entry without its request and answer (the detail loads those). */
export type LogRow = Omit<LogEntry, 'request' | 'response'> & { hasExchange: boolean };

/** How many people `listLogPeople` names at most (the newest first): a picker, not a report. */
export const LOG_PEOPLE_LIMIT = 200;

export interface LogPage {
  /** Newest first. */
  rows: LogRow[];
  /** More rows older than the last one match. */
  hasMore: boolean;
}

/** One attempt of a job, as its timeline shows it. */
export interface AttemptView {
  attempt: number;
  time: string;
  durationMs?: number;
  outcome: NonNullable<LogEntry['outcome']>;
  errorClass?: string;
  /** Why it was or was not retried, and when the next one runs. */
  message: string;
  retryAt?: string;
  entryId: number;
  /** The request and answer as logged, person and address details hidden (only in a job's detail). */
  request?: string;
  response?: string;
}

export interface LogEntryDetail {
  entry: LogEntry;
  /** Person and address details were hidden from the request and answer. */
  personalHidden: boolean;
  /** Every attempt of the entry's job, oldest first (empty when the entry is not about a job). */
  attempts: AttemptView[];
}

export const LogSettingsSchema = z
  .object({
    /** Entries older than this are removed. */
    keepDays: z.number().int().min(1, 'keep at least a day').max(3650),
    /** At most this many entries are kept (the oldest go first). */
    keepEntries: z.number().int().min(10_000, 'keep at least 10,000 entries').max(20_000_000),
  })
  .strict();
export type LogSettings = z.infer<typeof LogSettingsSchema>;
export const DEFAULT_LOG_SETTINGS: Readonly<LogSettings> = { keepDays: 90, keepEntries: 2_000_000 };
