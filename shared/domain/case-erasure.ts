/**
 * Erasing a case's personal data (UK GDPR right to erasure, and storage limitation by retention):
 * what the console, the contract and the CRM's signed DELETE ask, and what they are answered.
 * The remote systems' records are never touched: casebridge carries cases, the back office keeps them.
 */
import { z } from 'zod';

/** Said wherever a case is erased, so nobody believes the back office's copy went too. */
export const REMOTE_NOT_TOUCHED = 'The Service Request in Tascomi (and the Cx repair) is not touched: erase it there if needed.';

/** The typed confirmation: the person types the case id, and the engine checks it too. */
export const EraseCaseInputSchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    confirm: z.string().trim().max(100),
  })
  .strict()
  .refine((input) => input.confirm === input.id, { path: ['confirm'], message: 'type the case id exactly, to confirm the erasure' });
export type EraseCaseInput = z.input<typeof EraseCaseInputSchema>;

/** What one erasure did, in counts (the answer of the contract and of the CRM's DELETE). */
export interface CaseErasure {
  caseId: string;
  /** ISO 8601 with offset. */
  erasedAt: string;
  /** Who asked: the console's person, 'the CRM (webhook)' or 'case retention'. */
  erasedBy: string;
  /** Jobs of the case kept as a skeleton (state, times, ids, error class); their error text is erased. */
  jobs: number;
  /** Of those, queued jobs cancelled: they cannot be sent without the case. */
  jobsCancelled: number;
  /** Log entries kept as a skeleton (time, level, outcome, job, attempt); message, request and answer erased. */
  logEntries: number;
  /** Civica Cx customer-data cache rows that named the case's people or addresses, removed (read again from Cx when needed). */
  cxCacheRows: number;
  /** REMOTE_NOT_TOUCHED. */
  notTouched: string;
}

export const CASE_RETENTION_MAX_DAYS = 3650;

/** How long a case's personal data is kept after its last job finished (or, without jobs, after its last change). */
export const CaseRetentionSchema = z
  .object({
    days: z.number().int().min(1, 'keep a case at least a day').max(CASE_RETENTION_MAX_DAYS, `at most ${CASE_RETENTION_MAX_DAYS} days (ten years)`),
  })
  .strict();
export type CaseRetention = z.infer<typeof CaseRetentionSchema>;

/**
 * 90 days: a support person has a quarter to look into a failed or disputed transfer and retry it,
 * and a CRM update within a case's usual life still finds the case (and its Service Request number);
 * after that the back office holds the record, and casebridge keeps no second copy. The log keeps
 * its entries 90 days by default too, so a case and the log about it go at about the same time.
 */
export const DEFAULT_CASE_RETENTION: Readonly<CaseRetention> = { days: 90 };
