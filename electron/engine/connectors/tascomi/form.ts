/**
 * Tascomi bodies and query values: form-urlencoded, booleans as `t`/`f`, dates as
 * `yyyy-MM-dd HH:mm:ss` in the INSTANCE's zone (not this computer's).
 */
import { DateTime } from 'luxon';

export type TascomiValue = string | number | boolean | DateTime | Date | null | undefined;
export type TascomiFields = Record<string, TascomiValue>;

export const TASCOMI_DATE_FORMAT = 'yyyy-MM-dd HH:mm:ss';

export function formatTascomiDate(value: DateTime | Date, zone: string): string {
  const dt = value instanceof Date ? DateTime.fromJSDate(value) : value;
  if (!dt.isValid) throw new Error(`Invalid date: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return dt.setZone(zone).toFormat(TASCOMI_DATE_FORMAT);
}

/** One value as Tascomi expects it; undefined means "leave the field out", null means "send it empty". */
export function formatTascomiValue(value: TascomiValue, zone: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot send ${value} to Tascomi`);
    return String(value);
  }
  if (value instanceof Date || DateTime.isDateTime(value)) return formatTascomiDate(value, zone);
  return value;
}

export function encodeForm(fields: TascomiFields, zone: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    const text = formatTascomiValue(value, zone);
    if (text !== undefined) params.append(name, text);
  }
  return params.toString();
}

/** Reads Tascomi's `t`/`f` (and true/false/1/0) back as a boolean; anything else is undefined. */
export function parseTascomiBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 't' || value === 'true' || value === 'T') return true;
  if (value === 0 || value === '0' || value === 'f' || value === 'false' || value === 'F') return false;
  return undefined;
}
