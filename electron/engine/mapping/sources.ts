/**
 * Reads one outgoing row's source from a case. Pure: no clock, no I/O, no machine locale or zone.
 *
 * Absence ("the case has no field priority") and bad data ("the date does not parse") are kept
 * apart: an absent value on an optional target is simply left out of the payload, while bad data
 * is always a problem (see evaluate.ts).
 */
import { DateTime } from 'luxon';
import type { Case, CaseAddress } from '../../../shared/domain/case';
import { DEFAULT_DATE_FORMAT, type Source } from '../../../shared/domain/template';

export type SourceOutcome = { kind: 'value'; value: string } | { kind: 'empty'; why: string } | { kind: 'invalid'; why: string };

const value = (v: string): SourceOutcome => ({ kind: 'value', value: v });
const empty = (why: string): SourceOutcome => ({ kind: 'empty', why });
const invalid = (why: string): SourceOutcome => ({ kind: 'invalid', why });

/** Values are trimmed (the connector trims too, so the preview shows what is sent); blank = absent. */
function text(raw: unknown, whyEmpty: string): SourceOutcome {
  if (typeof raw !== 'string') return empty(whyEmpty);
  const trimmed = raw.trim();
  return trimmed ? value(trimmed) : empty(whyEmpty);
}

/** A quoted, shortened piece of case data for a message (values can be 10,000 characters). */
export function quote(raw: unknown): string {
  const s = String(raw);
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/** Own properties only: a field called "constructor" must not find Object.prototype's. */
function has(record: unknown, key: string): record is Record<string, unknown> {
  return record !== null && typeof record === 'object' && Object.hasOwn(record, key);
}

/** Roles are compared ignoring case and outer spaces ("Requester" finds "requester"); the first wins. */
function firstWithRole<T extends { role: string }>(list: readonly T[] | undefined, role: string): T | undefined {
  if (!Array.isArray(list)) return undefined;
  const wanted = role.trim().toLowerCase();
  return list.find((item) => typeof item?.role === 'string' && item.role.trim().toLowerCase() === wanted);
}

function fromField(kase: Case, name: string): SourceOutcome {
  if (!has(kase.fields, name)) return empty(`the case has no field ${quote(name)}`);
  const v = kase.fields[name];
  if (v === null || v === undefined) return empty(`the case field ${quote(name)} is empty`);
  // Booleans stay 'true'/'false' text: formatting them (Tascomi's t/f) is the connector's job.
  if (typeof v === 'boolean') return value(v ? 'true' : 'false');
  if (typeof v === 'number') return Number.isFinite(v) ? value(String(v)) : invalid(`the case field ${quote(name)} is not a finite number`);
  if (typeof v === 'string') return text(v, `the case field ${quote(name)} is empty`);
  return invalid(`the case field ${quote(name)} is not text, a number or true/false`);
}

const OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

function fromDate(kase: Case, source: Extract<Source, { kind: 'date' }>): SourceOutcome {
  const raw = has(kase.dates, source.date) ? kase.dates[source.date] : undefined;
  if (raw === undefined || raw === null) return empty(`the case has no date ${quote(source.date)}`);
  if (typeof raw !== 'string') return invalid(`the case date ${quote(source.date)} is not text`);
  const trimmed = raw.trim();
  // Without an offset the instant would depend on this computer's zone.
  if (!OFFSET.test(trimmed)) return invalid(`the case date ${quote(source.date)} (${quote(raw)}) has no offset, so its time is ambiguous`);
  const parsed = DateTime.fromISO(trimmed, { setZone: true });
  if (!parsed.isValid) return invalid(`the case date ${quote(source.date)} (${quote(raw)}) is not an ISO 8601 date and time`);
  const zone = source.zone || 'Europe/London';
  const zoned = parsed.setZone(zone);
  if (!zoned.isValid) return invalid(`${quote(zone)} is not a time zone`);
  const format = source.format || DEFAULT_DATE_FORMAT;
  let formatted: string;
  try {
    // en-GB: month and day names must not follow this computer's language.
    formatted = zoned.setLocale('en-GB').toFormat(format);
  } catch {
    return invalid(`the date format ${quote(format)} cannot be used`);
  }
  return formatted.trim() ? value(formatted.trim()) : invalid(`the date format ${quote(format)} gives an empty value`);
}

function fromPerson(kase: Case, source: Extract<Source, { kind: 'person' }>): SourceOutcome {
  const person = firstWithRole(kase.people, source.role);
  if (!person) return empty(`the case has no person with the role ${quote(source.role)}`);
  const missing = `the ${quote(source.role)} person has no ${source.detail.replace(/_/g, ' ')}`;
  const line = /^address_line_([1-3])$/.exec(source.detail);
  if (line) return text(person.address?.lines?.[Number(line[1]) - 1], missing);
  switch (source.detail) {
    case 'full_name': {
      const parts = [person.forename, person.surname].map((p) => (typeof p === 'string' ? p.trim() : '')).filter(Boolean);
      return text(parts.join(' '), missing);
    }
    case 'postcode':
    case 'uprn':
      return text(person.address?.[source.detail], missing);
    case 'reference':
    case 'title':
    case 'forename':
    case 'surname':
    case 'email':
    case 'phone':
      return text(person[source.detail], missing);
    default:
      return invalid(`${quote(source.detail)} is not a person detail`);
  }
}

function addressDetail(address: Omit<CaseAddress, 'role'>, detail: string, missing: string): SourceOutcome {
  const lines = Array.isArray(address.lines) ? address.lines : [];
  const line = /^line_([1-4])$/.exec(detail);
  if (line) return text(lines[Number(line[1]) - 1], missing);
  switch (detail) {
    case 'single_line': {
      const parts = [...lines, address.postcode].map((p) => (typeof p === 'string' ? p.trim() : '')).filter(Boolean);
      return text(parts.join(', '), missing);
    }
    case 'uprn':
    case 'usrn':
    case 'postcode':
      return text(address[detail], missing);
    default:
      return invalid(`${quote(detail)} is not an address detail`);
  }
}

function fromAddress(kase: Case, source: Extract<Source, { kind: 'address' }>): SourceOutcome {
  const address = firstWithRole(kase.addresses, source.role);
  if (!address) return empty(`the case has no address with the role ${quote(source.role)}`);
  return addressDetail(address, source.detail, `the ${quote(source.role)} address has no ${source.detail.replace(/_/g, ' ')}`);
}

export function resolveSource(kase: Case, source: Source): SourceOutcome {
  switch (source.kind) {
    case 'field':
      return fromField(kase, source.field);
    case 'date':
      return fromDate(kase, source);
    case 'person':
      return fromPerson(kase, source);
    case 'address':
      return fromAddress(kase, source);
    case 'text':
      return text(source.value, 'the fixed text is empty');
    default:
      return invalid('the source is of an unknown kind');
  }
}
