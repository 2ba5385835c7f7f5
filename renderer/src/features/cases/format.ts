import type { CaseFieldValue } from '../../../../shared/domain/case';
import { formatLogTime } from '../log/log-format';

/** The engine writes times in its configured zone; shown as they are, without the offset. */
export const formatTime = (iso: string | undefined): string => (iso ? formatLogTime(iso) : '—');

/** A field's value as a person reads it; an empty value says so rather than showing nothing. */
export function formatFieldValue(value: CaseFieldValue): string {
  if (value === null) return '(empty)';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}
