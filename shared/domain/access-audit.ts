/**
 * The access audit: who looked at residents' data, when, and why (UK GDPR accountability; councils'
 * audit policies ask for a reason on a reveal). Entries are only ever added: nothing in the console
 * or the contract changes or removes one, and the store refuses to.
 */
import { z } from 'zod';
import { IsoDateTimeSchema } from './case';

/** What was done with residents' data. */
export const ACCESS_ACTIONS = [
  'case_opened',
  'personal_revealed',
  'tenants_searched',
  'tenant_repairs_opened',
  'subject_access_exported',
  'case_erased',
  'audit_exported',
  'subject_access_searched',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** How each action reads in the console and in exports. */
export const ACCESS_ACTION_LABELS: Record<AccessAction, string> = {
  case_opened: "Opened a case's data",
  personal_revealed: 'Revealed personal details in the log',
  tenants_searched: 'Searched Civica Cx tenants',
  tenant_repairs_opened: "Opened a tenant's repairs",
  subject_access_exported: 'Exported a subject access request',
  case_erased: "Erased a case's personal data",
  audit_exported: 'Exported the access audit',
  subject_access_searched: 'Searched for a subject access request',
};

/** Longest reason a person may give (a sentence or two; a ticket number). */
export const ACCESS_REASON_MAX = 500;
export const AccessReasonSchema = z.string().trim().min(3, 'say why, in a few words (at least 3 characters)').max(ACCESS_REASON_MAX);

export interface AccessAuditEntry {
  id: number;
  /** ISO 8601 with offset. */
  time: string;
  /** Who did it (the console's person). */
  who: string;
  action: AccessAction;
  /** What was looked at, in words: a case id, a log entry, a search. */
  subject: string;
  /** The case concerned, when there is one. */
  caseId?: string;
  /** Why, as the person gave it (asked on a reveal and a subject access export). */
  reason?: string;
}

export const AccessAuditFilterSchema = z
  .object({
    actions: z.array(z.enum(ACCESS_ACTIONS)).max(ACCESS_ACTIONS.length).optional(),
    who: z.string().trim().min(1).max(200).optional(),
    caseId: z.string().trim().min(1).max(200).optional(),
    from: IsoDateTimeSchema.optional(),
    to: IsoDateTimeSchema.optional(),
    /** Words found in the subject or the reason. */
    text: z.string().trim().max(200).optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to), { path: ['to'], message: 'the end is before the start' });
export type AccessAuditFilter = z.infer<typeof AccessAuditFilterSchema>;

export interface AccessAuditPage {
  /** Newest first. */
  rows: AccessAuditEntry[];
  hasMore: boolean;
}
