/**
 * Jobs as the console sees them (design.md section 5): one outgoing template applied to one case,
 * with its attempts, its state and why. Times are ISO 8601 in the configured zone.
 */
import { z } from 'zod';
import { CONNECTORS } from './template';
import type { AttemptView } from './log-filter';
import type { RateLimitView } from './rate-limit';

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'dead', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The connectors jobs are sent through: every connector a template can target. */
export const CONNECTOR_IDS = CONNECTORS;
export const ConnectorIdSchema = z.enum(CONNECTOR_IDS);
export type ConnectorId = z.infer<typeof ConnectorIdSchema>;

/** What a person did to a job by hand: retried it, cancelled it, or queued it ("Apply template"). */
export const JOB_ACTION_KINDS = ['retried', 'cancelled', 'queued'] as const;
export type JobActionKind = (typeof JOB_ACTION_KINDS)[number];
export interface JobAction {
  kind: JobActionKind;
  by: string;
  at: string;
}

export interface JobView {
  id: number;
  connector: string;
  kind: 'create' | 'update';
  caseId: string;
  templateId: number;
  /** The template's name now (undefined when it was deleted since). */
  templateName?: string;
  templateVersion: number;
  referenceName: string;
  state: JobState;
  /** Attempts used, of maxAttempts allowed. */
  attempts: number;
  maxAttempts: number;
  /** Of maxAttempts, how many were added by retries by hand (the rest is the budget it was queued with). */
  attemptsAddedByHand: number;
  /** Who cancelled a `cancelled` job (absent when not recorded: cancelled before casebridge kept it); when is updatedAt. */
  cancelledBy?: string;
  /** When a queued job is due. */
  nextRunAt?: string;
  lastError?: string;
  /** The ConnectorError kind, or `unknown` / `lease_expired` / `interrupted` (`cancelled`: the case was erased). */
  lastErrorClass?: string;
  /** The last attempt may have reached the remote: it is looked up before anything is resent. */
  outcomeUnknown: boolean;
  /** The remote record number on success. */
  result?: string;
  /** The last thing a person did to it by hand (the engine's own changes keep it); `at` is ISO. */
  lastAction?: JobAction;
  createdAt: string;
  updatedAt: string;
}

/** One job opened: the job, and every attempt the log recorded (oldest first), with its request and answer. */
export interface JobDetail {
  job: JobView;
  attempts: AttemptView[];
}

/** A connector's circuit breaker as the console shows it. */
export type BreakerView = { state: 'closed' } | { state: 'open'; since: string; probeAt: string } | { state: 'probing' } | { state: 'paused'; since: string };

/**
 * What the console filters jobs by. `retrying` is a queued job that has already used an attempt;
 * `queued` in a filter means one that has not (so the two never overlap).
 */
export const JOB_FILTER_STATES = ['queued', 'retrying', 'running', 'succeeded', 'failed', 'dead', 'cancelled'] as const;
export type JobFilterState = (typeof JOB_FILTER_STATES)[number];

export const JobFilterSchema = z
  .object({
    states: z.array(z.enum(JOB_FILTER_STATES)).max(JOB_FILTER_STATES.length).optional(),
    connectors: z.array(ConnectorIdSchema).max(CONNECTOR_IDS.length).optional(),
    caseId: z.string().trim().min(1).max(100).optional(),
    templateId: z.number().int().positive().optional(),
    /** The last failure's class (a ConnectorError kind, `unknown`, `lease_expired`, `cancelled`...). */
    errorClasses: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
    /** Words in the last error. */
    text: z.string().max(200).optional(),
  })
  .strict();
export type JobFilter = z.infer<typeof JobFilterSchema>;

/** What "retry all" over a filter would do, shown before it runs. */
export interface BulkRetryPreview {
  /** Failed and dead jobs the filter matches: the ones that would be retried. */
  count: number;
  /** Of those, failed for a validation reason: they fail again unless the template or the case changed. */
  validation: number;
  /** Of the validation failures, those whose template and case have NOT changed since. */
  validationUnchanged: number;
}

/** Attempt outcomes in one hour, for the chart. */
export interface OutcomeBucket {
  /** The hour's start, ISO 8601 in the configured zone. */
  hour: string;
  succeeded: number;
  will_retry: number;
  failed: number;
  dead: number;
}

export interface ConnectorQueueStatus {
  connector: ConnectorId;
  counts: Record<JobState, number>;
  /** Queued jobs that have already used an attempt, and when the soonest runs. */
  retrying: number;
  nextRetryAt?: string;
  /** Jobs that succeeded since midnight (configured zone). */
  succeededToday: number;
  breaker: BreakerView;
  /** Attempts running now in this engine. */
  running: number;
  /** Why nothing is sent now (e.g. the integration is not configured); jobs wait without spending attempts. */
  waitingFor?: string;
  /** Jobs are sent, but something the staff must know (e.g. the duplicate guard is off). */
  warning?: string;
  /** Present while the connection's rate limit holds requests back: held, not failing. */
  rateLimit?: RateLimitView;
}

/** How a connector's queue behaves; settings per connector. */
export const JobSettingsSchema = z
  .object({
    /** Attempts running at once. */
    concurrency: z.number().int().min(1).max(32),
    /** Attempts a new job may use before it is dead. */
    maxAttempts: z.number().int().min(1).max(50),
    /** First retry waits up to this (full jitter), doubling each attempt... */
    backoffBaseSeconds: z.number().min(0.1).max(3600),
    /** ...up to this. */
    backoffCapSeconds: z
      .number()
      .min(1)
      .max(24 * 3600),
  })
  .strict()
  .refine((s) => s.backoffCapSeconds >= s.backoffBaseSeconds, { path: ['backoffCapSeconds'], message: 'the longest wait cannot be shorter than the first' });
export type JobSettings = z.infer<typeof JobSettingsSchema>;

export const DEFAULT_JOB_SETTINGS: Readonly<JobSettings> = { concurrency: 4, maxAttempts: 10, backoffBaseSeconds: 2, backoffCapSeconds: 300 };
