/**
 * Jobs as the console sees them (design.md section 5): one outgoing template applied to one case,
 * with its attempts, its state and why. Times are ISO 8601 in the configured zone.
 */
import { z } from 'zod';

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const CONNECTOR_IDS = ['tascomi'] as const;
export const ConnectorIdSchema = z.enum(CONNECTOR_IDS);
export type ConnectorId = z.infer<typeof ConnectorIdSchema>;

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
  attempts: number;
  maxAttempts: number;
  /** When a queued job is due. */
  nextRunAt?: string;
  lastError?: string;
  /** The ConnectorError kind, or `unknown` / `lease_expired` / `interrupted` / `cancelled`. */
  lastErrorClass?: string;
  /** The last attempt may have reached the remote: it is looked up before anything is resent. */
  outcomeUnknown: boolean;
  /** The remote record number on success. */
  result?: string;
  createdAt: string;
  updatedAt: string;
}

/** A connector's circuit breaker as the console shows it. */
export type BreakerView =
  | { state: 'closed' }
  | { state: 'open'; since: string; probeAt: string }
  | { state: 'probing' }
  | { state: 'paused'; since: string };

export interface ConnectorQueueStatus {
  connector: ConnectorId;
  counts: Record<JobState, number>;
  breaker: BreakerView;
  /** Attempts running now in this engine. */
  running: number;
  /** Why nothing is sent now (e.g. the integration is not configured); jobs wait without spending attempts. */
  waitingFor?: string;
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
    backoffCapSeconds: z.number().min(1).max(24 * 3600),
  })
  .strict()
  .refine((s) => s.backoffCapSeconds >= s.backoffBaseSeconds, { path: ['backoffCapSeconds'], message: 'the longest wait cannot be shorter than the first' });
export type JobSettings = z.infer<typeof JobSettingsSchema>;

export const DEFAULT_JOB_SETTINGS: Readonly<JobSettings> = { concurrency: 4, maxAttempts: 10, backoffBaseSeconds: 2, backoffCapSeconds: 300 };
