/**
 * What a back office checks before it stores a Service Request or contact. Every failure names its
 * field, so the client can say which mapping is wrong (and never retries: it is not intermittent).
 */
import { DateTime } from 'luxon';
import { STRICT_ASSUMED } from './assumed';
import { DATE_TIME_FORMAT, MAINTAINED_FIELDS, type Store } from './store';
import { shown } from './http';
import type { AssumedRules, StoredRecord, TascomiTable } from './types';

export const FIELD_NAME = /^[a-z][a-z0-9_]*$/;
const RECORD_ID = /^[1-9]\d*$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Flag spellings accepted when `flagsOnlyTOrF` is relaxed (compared in lower case). */
const LOOSE_FLAGS = new Map<string, 't' | 'f'>([
  ['t', 't'],
  ['f', 'f'],
  ['true', 't'],
  ['false', 'f'],
  ['1', 't'],
  ['0', 'f'],
]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Fields that point at another table (the `<name>_id` convention). */
export const LINKS: Record<string, TascomiTable> = {
  core_function_id: 'core_functions',
  complaint_code_id: 'complaint_codes',
  investigating_officer_id: 'users',
  reporting_method_id: 'reporting_methods',
  request_category_id: 'request_categories',
  organizational_unit_id: 'organizational_units',
  complaint_action_required_id: 'complaint_action_required',
  title_id: 'titles',
  requester_contact_id: 'contacts',
  contact_request_contact_id: 'contacts',
  dtf_location_id: 'dtf_locations',
};

/** A Service Request needs at least these (the seed: Core Function, Request Code, Investigating Officer). */
export const REQUIRED: Partial<Record<TascomiTable, string[]>> = {
  complaints: ['core_function_id', 'complaint_code_id', 'investigating_officer_id'],
};

export interface ValidationOutcome {
  /** field -> why; empty when the write is valid. */
  errors: Record<string, string>;
  /** The values to store: empty strings become null (an empty value clears a field). */
  values: Record<string, string | null>;
}

/** Checks one create (`existing` undefined) or update of `table` from form pairs, under the assumed `rules`. */
export function validateWrite(store: Store, table: TascomiTable, form: [string, string][], existing?: StoredRecord, rules: AssumedRules = STRICT_ASSUMED): ValidationOutcome {
  // Null prototypes: a field named like an Object property (constructor, __proto__) is data, not lost.
  const errors: Record<string, string> = Object.create(null) as Record<string, string>;
  const values: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  for (const [name, raw] of form) {
    if (name === '' || name === '__proto__' || (rules.fieldNamePattern && !FIELD_NAME.test(name)))
      errors[name] = 'is not a field name (lower case letters, digits and _, starting with a letter)';
    else if ((MAINTAINED_FIELDS as readonly string[]).includes(name)) errors[name] = 'is maintained by Tascomi and cannot be set';
    else values[name] = raw === '' ? null : raw; // a repeated field: the last value wins
  }

  const merged: Record<string, string | null | undefined> = { ...existing, ...values };
  for (const field of rules.requiredServiceRequestFields ? (REQUIRED[table] ?? []) : []) {
    if (errors[field]) continue;
    if (existing ? field in values && values[field] === null : merged[field] === null || merged[field] === undefined) errors[field] = 'is required';
  }

  for (const [field, value] of Object.entries(values)) {
    if (value === null || errors[field]) continue;
    if (field === 'ceased') {
      const flag = rules.flagsOnlyTOrF ? (value === 't' || value === 'f' ? value : undefined) : LOOSE_FLAGS.get(value.toLowerCase());
      if (flag === undefined) errors[field] = rules.flagsOnlyTOrF ? "must be 't' or 'f'" : "must be 't', 'f', true, false, 1 or 0";
      else values[field] = flag;
    } else if (field.endsWith('_date') && !rules.fullDateTimesOnly && DAY.test(value)) {
      if (isCalendarDateTime(`${value} 00:00:00`)) values[field] = `${value} 00:00:00`;
      else errors[field] = `${value} is not a valid date`;
    } else if (field.endsWith('_date')) {
      if (!DATE_TIME.test(value)) errors[field] = 'must be a date and time as yyyy-MM-dd HH:mm:ss';
      else if (!isCalendarDateTime(value)) errors[field] = `${value} is not a valid date and time`;
    } else if (Object.hasOwn(LINKS, field)) {
      const why = checkLink(store, field, value);
      if (why) errors[field] = why;
    } else if (field === 'email' && table === 'contacts' && !EMAIL.test(value)) errors[field] = 'is not an email address';
  }

  // A request code belongs to one core function; check the pair as it will be stored.
  const codeId = merged.complaint_code_id;
  const functionId = merged.core_function_id;
  if (table === 'complaints' && codeId && functionId && !errors.complaint_code_id && !errors.core_function_id && ('complaint_code_id' in values || 'core_function_id' in values)) {
    const code = store.get('complaint_codes', codeId);
    if (code && code.core_function_id !== functionId) {
      errors.complaint_code_id = `request code ${code.code} belongs to core function ${code.core_function_id}, not ${functionId}`;
    }
  }
  return { errors, values };
}

/**
 * A real calendar date and clock time (no 30 February, no 24:00). Checked in UTC, which has no
 * gaps: a local time skipped by the spring change is accepted, as a database DATETIME would.
 */
function isCalendarDateTime(value: string): boolean {
  const parsed = DateTime.fromFormat(value, DATE_TIME_FORMAT, { zone: 'UTC' });
  return parsed.isValid && parsed.toFormat(DATE_TIME_FORMAT) === value;
}

function checkLink(store: Store, field: string, value: string): string | null {
  const table = LINKS[field]!;
  if (!RECORD_ID.test(value)) return `must be the id of a ${table} record`;
  const target = store.get(table, value);
  if (!target) return `no ${table} record has id ${value}`;
  if (target.ceased === 't') return `${table} record ${value} is ceased`;
  if (field === 'investigating_officer_id') {
    if (target.officer !== 't') return `user ${value} is not an officer`;
    if (target.enabled !== 't') return `user ${value} is not enabled`;
  }
  return null;
}

export function validationMessage(table: string, errors: Record<string, string>): string {
  return `Validation failed for ${table}: ${Object.entries(errors)
    .map(([field, why]) => `${shown(field)} ${why}`)
    .join('; ')}`;
}
