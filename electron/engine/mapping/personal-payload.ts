/**
 * The personal values a job sends or may meet: every detail of the case's people and addresses
 * (personal wherever it lands, and wherever a remote quotes it back), and the value of every row
 * that is personal by its target, its source or an admin's mark (template-schemas.ts
 * `personalReason`), as the case gives it and as the payload carries it (a location compacted).
 * Pure; the job's attempt notes them so its log marks them (log/personal-values.ts).
 */
import { personalReason } from '../../../shared/connectors/template-schemas';
import type { Case, CaseAddress } from '../../../shared/domain/case';
import type { TemplateDraft } from '../../../shared/domain/template';
import { resolveSource } from './sources';

function addressDetails(address: Partial<Omit<CaseAddress, 'role'>> | undefined): unknown[] {
  return address ? [address.uprn, address.usrn, address.postcode, ...(Array.isArray(address.lines) ? address.lines : [])] : [];
}

/** Every detail of the case's people and addresses, as text. */
export function caseDetails(kase: Case): string[] {
  const details: unknown[] = [];
  for (const person of kase.people ?? []) {
    const fullName = [person.forename, person.surname].filter((p) => typeof p === 'string' && p.trim()).join(' ');
    details.push(person.reference, person.title, person.forename, person.surname, fullName, person.email, person.phone, ...addressDetails(person.address));
  }
  for (const address of kase.addresses ?? []) details.push(...addressDetails(address));
  return details.filter((d): d is string => typeof d === 'string' && d.trim() !== '');
}

export function personalValuesOf(kase: Case, draft: TemplateDraft, payload: Readonly<Record<string, string>>): string[] {
  const values = caseDetails(kase);
  if (draft.type === 'incoming') return values;
  for (const row of draft.rows) {
    if (!row.source || personalReason(draft.connector, row) === null) continue;
    const resolved = resolveSource(kase, row.source);
    if (resolved.kind === 'value') values.push(resolved.value);
    const sent = payload[row.target.kind === 'schema' ? row.target.key : `extra.${row.target.name}`];
    if (sent !== undefined) values.push(sent);
  }
  return values;
}
