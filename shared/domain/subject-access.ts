/**
 * A subject access request (UK GDPR article 15): a resident asks for the data casebridge holds
 * about them. The console names the person by what identifies them; the engine finds the cases,
 * jobs and log entries that name them, shows what it found, and hands over one JSON file. Both the
 * search and the export are recorded in the access audit with the reason given.
 */
import { z } from 'zod';
import { AccessReasonSchema } from './access-audit';

/** What a person can be named by, in the order the console asks for them. */
export const SUBJECT_IDENTIFIERS = ['name', 'email', 'phone', 'personReference', 'uprn'] as const;
export type SubjectIdentifier = (typeof SUBJECT_IDENTIFIERS)[number];

export const SUBJECT_IDENTIFIER_LABELS: Record<SubjectIdentifier, string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  personReference: 'person reference',
  uprn: 'UPRN',
};

/** The digits of a phone number without the UK trunk 0 or the +44/0044 country code: 07700 900123, +44 (0)7700 900123 and 447700900123 are all 7700900123. */
export function phoneKey(text: string): string {
  let digits = text.replace(/\D/g, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.startsWith('44') && digits.length >= 11) digits = digits.slice(2);
  return digits.startsWith('0') ? digits.slice(1) : digits;
}

/** Fewest digits a phone number is searched by (without its trunk 0): a UK number has 9 or 10. */
export const PHONE_MIN_DIGITS = 9;

// Empty means "not given", so a form can send every field as it stands.
const Optional = (max: number) => z.string().trim().max(max).default('');

/**
 * Who the request is about: at least one identifier. A name is the given name(s) and the family
 * name together: a family name alone would find every resident who shares it.
 */
export const SubjectSchema = z
  .object({
    givenName: Optional(100),
    familyName: Optional(100),
    email: Optional(254),
    phone: Optional(40),
    personReference: Optional(100),
    uprn: Optional(12),
  })
  .strict()
  .superRefine((s, ctx) => {
    const issue = (path: keyof typeof s, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (s.givenName && !s.familyName) issue('familyName', 'give the family name with the given name (a given name alone would find other residents)');
    if (s.familyName && !s.givenName) issue('givenName', 'give the given name with the family name (a family name alone would find other residents)');
    if (s.email && !/^[^\s@]+@[^\s@]+$/.test(s.email)) issue('email', 'an email address has one @ with text either side and no spaces');
    if (s.phone && (/[^\d\s+()./-]/.test(s.phone) || phoneKey(s.phone).length < PHONE_MIN_DIGITS))
      issue('phone', 'a phone number is digits (spaces, +, brackets and dashes allowed), at least 10 with the leading 0');
    if (s.uprn && !/^\d{1,12}$/.test(s.uprn)) issue('uprn', 'a UPRN is up to 12 digits');
    if (!s.givenName && !s.familyName && !s.email && !s.phone && !s.personReference && !s.uprn)
      ctx.addIssue({ code: 'custom', path: [], message: 'name the person by at least one of: name (given and family), email, phone, person reference, UPRN' });
  });
export type Subject = z.output<typeof SubjectSchema>;

export const FindSubjectAccessInputSchema = z.object({ subject: SubjectSchema, reason: AccessReasonSchema }).strict();

/** Names a search (findSubjectAccess's answer) for as long as it is kept. */
const RequestId = z.uuid().max(36);
export const SubjectAccessRequestInputSchema = z.object({ requestId: RequestId }).strict();

/** The most characters one export batch carries (a little more when a single item is larger). */
export const EXPORT_BATCH_MAX_CHARS = 4_000_000;
export const ExportSubjectAccessInputSchema = z
  .object({
    /** The search this export is of (findSubjectAccess's answer). */
    requestId: RequestId,
    /** The first item of this batch: 0, then each batch's `nextOffset`. */
    offset: z.number().int().nonnegative().max(100_000_000).default(0),
    maxChars: z.number().int().min(10_000).max(EXPORT_BATCH_MAX_CHARS).default(1_000_000),
  })
  .strict();

export interface SubjectAccessCounts {
  cases: number;
  jobs: number;
  /** All log entries in the file: those of the cases and jobs, and those without a case that name the person. */
  logEntries: number;
  /** Of those, the entries without a case found by what they say. */
  logEntriesWithoutCase: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "5 cases, 5 jobs and 44 log entries (2 without a case)": in the console and in the access audit. */
export function countsInWords(counts: SubjectAccessCounts): string {
  return `${plural(counts.cases, 'case')}, ${plural(counts.jobs, 'job')} and ${plural(counts.logEntries, 'log entry', 'log entries')} (${counts.logEntriesWithoutCase.toLocaleString('en-GB')} without a case)`;
}

export interface SubjectAccessCaseFound {
  id: string;
  type: string;
  status: string;
  /** When the current revision arrived (ISO 8601 in the configured zone). */
  receivedAt: string;
  /** Which of the identifiers given the case names the person by. */
  matchedBy: SubjectIdentifier[];
}

/** What a search found, to check before exporting. */
export interface SubjectAccessPreview {
  counts: SubjectAccessCounts;
  /** Newest received first. */
  cases: SubjectAccessCaseFound[];
  /** How many items the export writes (for its progress): cases, jobs and log entries. */
  items: number;
}

/**
 * A search as the console follows it: under way (cases and log entries looked at so far, of how
 * many), found (what, until `expiresAt`), or failed (why). The search runs in the engine while the
 * console asks how it is going, so a large store is searched without a call waiting on it.
 */
export type SubjectAccessSearch = { requestId: string; searchedAt: string; expiresAt: string } & (
  { state: 'searching'; progress: { done: number; total: number } } | ({ state: 'found' } & SubjectAccessPreview) | { state: 'failed'; message: string }
);

/** One piece of the export's JSON text; the pieces joined in order are the file. */
export interface SubjectAccessBatch {
  text: string;
  /** Where the next batch starts. */
  nextOffset: number;
  /** Items written so far (of the preview's `items`). */
  itemsDone: number;
  done: boolean;
}

/** What the file says it does not hold, so the person answering the request looks elsewhere too. */
export const SUBJECT_ACCESS_NOT_INCLUDED = [
  'Records held in Tascomi / Idox Cloud and in Civica Cx themselves (Service Requests, contacts, repairs, appointments): casebridge holds only what it sent and received; ask those systems for theirs.',
  "The CRM's own record of the cases: casebridge holds the cases as the CRM sent them.",
  'Log entries already removed by log retention, and data erased from casebridge before this export.',
  'The access audit (who looked at this data and why): export it from the Audit page if the request asks for it.',
  'Backups of the casebridge data folder, if the council keeps any.',
] as const;

export const SUBJECT_ACCESS_THIRD_PARTIES =
  'Cases and log entries may name other people (a complainant, a neighbour, an officer). Review the file and redact other people’s details before sending it to the requester.';
