import type { CaseFieldValue } from '../../../../shared/domain/case';

/** A field's value as a person reads it; an empty value says so rather than showing nothing. */
export function formatFieldValue(value: CaseFieldValue): string {
  if (value === null) return '(empty)';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
