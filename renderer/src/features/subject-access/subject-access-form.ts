/**
 * The Subject access page's form as the engine takes it, the engine's objections placed on the
 * fields they are about, and the words and file name the page shows.
 */
import type { CallInput } from '../../../../shared/contract';
import type { ContractIssue } from '../../../../shared/contract';
import { SUBJECT_IDENTIFIER_LABELS, type SubjectIdentifier } from '../../../../shared/domain/subject-access';
import { formatClockMinute } from '../../ui/time-format';

export interface SubjectAccessForm {
  givenName: string;
  familyName: string;
  email: string;
  phone: string;
  personReference: string;
  uprn: string;
  reason: string;
}
export type SubjectAccessField = keyof SubjectAccessForm;

export const EMPTY_FORM: SubjectAccessForm = { givenName: '', familyName: '', email: '', phone: '', personReference: '', uprn: '', reason: '' };

/** The call's input: every identifier as typed (the engine trims them; an empty one is not given). */
export function searchInput(form: SubjectAccessForm): CallInput<'findSubjectAccess'> {
  const { reason, ...subject } = form;
  return { subject, reason };
}

export interface PlacedIssues {
  /** By field: `subject.email` is the Email field's. */
  fields: Partial<Record<SubjectAccessField, string>>;
  /** About the form as a whole (no identifier given), or a field the form does not have. */
  general: string[];
}

/** The engine's issues placed on the fields they name. */
export function placeIssues(issues: readonly ContractIssue[]): PlacedIssues {
  const placed: PlacedIssues = { fields: {}, general: [] };
  for (const { path, message } of issues) {
    const field = (path.startsWith('subject.') ? path.slice('subject.'.length) : path) as SubjectAccessField;
    if (field in EMPTY_FORM) placed.fields[field] ??= message;
    else placed.general.push(message);
  }
  return placed;
}

/** "name, phone". */
export const matchedInWords = (by: readonly SubjectIdentifier[]) => by.map((i) => SUBJECT_IDENTIFIER_LABELS[i]).join(', ');

/**
 * `subject-access-2026-03-02-1430.json`, by this machine's time: no name or email in the file's name,
 * which is seen in download folders and mail attachments.
 */
export function exportFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `subject-access-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.json`;
}

/** The time of day of an ISO 8601 time, as written (in the engine's zone): `...T14:30:05...` -> `14:30`. */
export const timeOfDay = (iso: string) => formatClockMinute(iso);
