/**
 * The store's tables (drizzle). Change a table here, then run `npm run db:generate` to write the
 * migration that `openStore` applies; committed migrations are never edited.
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Key/value settings; values are JSON, validated by the module that owns the key. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** The integration log: one row per entry, written by the log bus. */
export const logEntries = sqliteTable(
  'log_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** ISO 8601 with offset, for display. */
    time: text('time').notNull(),
    /** Milliseconds since the epoch, for ordering and time ranges. */
    timeMs: integer('time_ms').notNull(),
    level: text('level', { enum: ['debug', 'info', 'warn', 'error'] }).notNull(),
    source: text('source').notNull(),
    message: text('message').notNull(),
    caseId: text('case_id'),
    templateId: text('template_id'),
    jobId: integer('job_id'),
    attempt: integer('attempt'),
    outcome: text('outcome', { enum: ['succeeded', 'will_retry', 'failed', 'dead'] }),
    durationMs: real('duration_ms'),
    request: text('request'),
    response: text('response'),
  },
  (t) => [
    index('log_entries_time_ms').on(t.timeMs),
    index('log_entries_case').on(t.caseId).where(sql`${t.caseId} is not null`),
    index('log_entries_job').on(t.jobId).where(sql`${t.jobId} is not null`),
  ],
);
