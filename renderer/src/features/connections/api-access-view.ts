/**
 * What the API access table says per cell, and what the write access confirmation will do, in
 * words: a confirmed or inferred result is marked with a symbol and a word (never colour alone),
 * and the confirmation's question names exactly what it leaves in the live system.
 */
import { HOW_TO_CONFIRM } from '../../../../shared/domain/tascomi-access';
import type { AccessBasis, ApiAccessResult } from '../../../../shared/domain/tascomi';

export interface AccessCellView {
  answer: string;
  color: 'green' | 'red' | 'gray';
  /** How the answer is known, as shown beside it ("✓ confirmed", "? inferred"); absent when not checked. */
  mark?: string;
  known?: AccessBasis['known'];
  how?: string;
}

export function accessCell(has: boolean | null, needed: boolean, basis?: AccessBasis): AccessCellView {
  const answer = has === null ? (needed ? 'not checked' : 'not needed') : has ? 'yes' : needed ? 'missing' : 'no (not needed)';
  const color = has === true ? 'green' : has === false && needed ? 'red' : 'gray';
  if (has === null || !basis) return { answer, color };
  return { answer, color, known: basis.known, mark: basis.known === 'confirmed' ? '✓ confirmed' : '? inferred', how: basis.how };
}

/** The verdict over the table: what is lacking, or that all is there, and whether that rests on inference. */
export function accessTitle(result: ApiAccessResult): string {
  if (result.rows.length === 0) return `API access could not be checked: ${result.reason ?? 'no answer'}`;
  if (!result.ok) {
    const lacking = result.rows.filter((row) => row.lacking).length;
    return result.reason ?? `The API key lacks access to ${lacking} ${lacking === 1 ? 'table' : 'tables'}: ask Tascomi to grant it`;
  }
  return hasInferred(result)
    ? 'The API key appears to have all the access the integration needs, but part of that is inferred, not seen (see below)'
    : 'The API key has all the access the integration needs (every result seen)';
}

/** The line under the table when any result is inferred. */
export const INFERRED_EXPLAINED = `"? inferred" means the result was read from an answer no public Tascomi documentation describes (the write probe POST /v1/<table>/0, or a 403), not seen; "✓ confirmed" means it was seen. ${HOW_TO_CONFIRM}`;

export function hasInferred(result: ApiAccessResult): boolean {
  return result.rows.some((row) => row.viewBasis?.known === 'inferred' || row.createUpdateBasis?.known === 'inferred');
}

/** What the confirmation's dialog says it will create: in the live system, and left there. */
export function confirmationWillCreate(baseUrl: string): string[] {
  return [
    `This writes to the live Tascomi system at ${baseUrl}.`,
    'It creates one contact named "casebridge access check" with the reference CASEBRIDGE-ACCESS-CHECK-<date and time>, and one Service Request whose remarks say it is a casebridge API access check, who started it and when, and that it needs no action and may be ceased or deleted. The Service Request takes the first core function, request code of that function and officer in use.',
    'Each record is read back, updated once and read back again.',
    'casebridge never deletes: both records stay in Tascomi until an administrator there ceases or deletes them. Their ids are shown when it finishes.',
  ];
}
