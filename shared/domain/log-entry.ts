import { z } from 'zod';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LogLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** What an attempt came to; empty for entries that are not about an attempt. */
export const LOG_OUTCOMES = ['succeeded', 'will_retry', 'failed', 'dead'] as const;
export const LogOutcomeSchema = z.enum(LOG_OUTCOMES);
export type LogOutcome = z.infer<typeof LogOutcomeSchema>;

/** What an engine component hands the log bus; the bus adds the id and the time. */
export const NewLogEntrySchema = z
  .object({
    level: LogLevelSchema,
    message: z.string().min(1).max(10_000),
    /** The component or connector that wrote it, e.g. `engine`, `host`, `tascomi`. */
    source: z.string().min(1).max(64),
    caseId: z.string().max(200).optional(),
    templateId: z.string().max(200).optional(),
    jobId: z.number().int().positive().optional(),
    attempt: z.number().int().positive().optional(),
    outcome: LogOutcomeSchema.optional(),
    durationMs: z.number().nonnegative().optional(),
    /** Already redacted request and response of an attempt. */
    request: z.string().max(200_000).optional(),
    response: z.string().max(200_000).optional(),
    /** A failed attempt's class: a ConnectorError kind, or `unknown`, `lease_expired`, `interrupted`. */
    errorClass: z.string().max(64).optional(),
    /** When a failed attempt's job runs again (ms since the epoch). */
    retryAtMs: z.number().int().nonnegative().optional(),
    /**
     * Who the entry is about, for entries written outside any call (a sign-in, a sign-out): the log
     * bus otherwise takes the person whose call is writing, which wins over this.
     */
    person: z.string().min(1).max(200).optional(),
  })
  .strict();
export type NewLogEntry = z.infer<typeof NewLogEntrySchema>;

export type LogEntry = NewLogEntry & {
  id: number;
  /** ISO 8601 with the offset of the configured zone. */
  time: string;
  /** The person whose call wrote it (a retry, a reveal, a saved setting); absent for the engine's own work. */
  person?: string;
};
