/**
 * Service Requests (Tascomi's `complaints`): create, update, read, and the look-up that keeps one
 * case from ever making two of them.
 *
 * On create the client writes the CRM case reference into a configurable complaints field
 * (default `external_reference`). When a create's outcome was unknown (a timeout or reset after
 * sending, a 5xx: ConnectorError.mayHaveApplied), the retry passes `previousOutcomeUnknown` and
 * the Service Request already made for the case, if any, is returned instead of a second one.
 *
 * `submitServiceRequest` is what a job calls with a template's evaluated values (keys of
 * schema.ts, and `extra.<name>` for an additional complaints field `<name>`): it checks what it
 * can locally first (required fields, codes, location; all read-only), then resolves the contacts
 * (which may write), then creates or updates.
 */
import { DateTime } from 'luxon';
import { ConnectorError } from '../errors';
import type { TascomiClient, TascomiRecord } from './client';
import type { CodeLists } from './code-lists';
import { CONTACT_PARTS, hasValue, resolveContact, type ContactDetails, type ContactResolution, type ContactRole } from './contacts';
import { TASCOMI_DATE_FORMAT, type TascomiFields, type TascomiValue } from './form';
import { resolveLocation, type LocationInput, type LocationResolution } from './locations';
import { resolveRemoteField, TASCOMI_FIELD_GROUPS, TASCOMI_TARGET_FIELDS, type TascomiTargetField } from '../../../../shared/connectors/tascomi-schema';

export const COMPLAINTS_TABLE = 'complaints';
export const DEFAULT_CASE_REFERENCE_FIELD = 'external_reference';

export interface ServiceRequestSettings {
  /** The complaints field holding the CRM case reference (default external_reference). */
  caseReferenceField?: string;
  /** The "Street Record text" setting (default STREET RECORD). */
  streetRecordText?: string;
  /** Per-instance remote field names by schema key. */
  fieldOverrides?: Readonly<Record<string, string>>;
  /** Why the case reference field cannot be searched on this instance (the last connection test), if so. */
  duplicateGuardOff?: string;
}

type Client = Pick<TascomiClient, 'list' | 'listAll' | 'get' | 'create' | 'update' | 'timeZone'>;

/** The complaints field that holds the CRM case reference. */
export function caseField(settings: ServiceRequestSettings): string {
  return settings.caseReferenceField?.trim() || DEFAULT_CASE_REFERENCE_FIELD;
}

/**
 * The case reference a record carries (trimmed, as Tascomi stores the value we sent), or undefined
 * when it has none: no field, null or empty. Such a record is never a case's: an instance without
 * the column may ignore the filter and answer with everybody's Service Requests.
 */
export function caseReferenceOf(record: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = record[field];
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  return text === '' ? undefined : text;
}

/** Whether a record carries the case reference field with exactly `caseId` (see caseReferenceOf). */
export function carriesCaseReference(record: Readonly<Record<string, unknown>>, field: string, caseId: string): boolean {
  return caseReferenceOf(record, field) === caseId.trim();
}

/** Service Requests already created for `caseId` (by the case reference field), newest first. */
export async function findServiceRequestsForCase(client: Pick<TascomiClient, 'listAll'>, caseId: string, settings: ServiceRequestSettings = {}): Promise<TascomiRecord[]> {
  const field = caseField(settings);
  const { items } = await client.listAll(COMPLAINTS_TABLE, { [field]: caseId }, { sort: '-id', maxPages: 5 });
  return items.filter((r) => carriesCaseReference(r, field, caseId)).sort((a, b) => Number(b.id) - Number(a.id));
}

export interface CreateResult {
  id: string;
  /** False when an earlier attempt had already created it (found by the case reference). */
  created: boolean;
}

/** Creates a Service Request carrying the case reference; with `previousOutcomeUnknown`, looks first. */
export async function createServiceRequest(
  client: Pick<TascomiClient, 'listAll' | 'create'>,
  caseId: string,
  fields: TascomiFields,
  options: ServiceRequestSettings & { previousOutcomeUnknown?: boolean } = {},
): Promise<CreateResult> {
  if (!caseId.trim())
    throw new ConnectorError({
      kind: 'validation',
      connector: 'tascomi',
      fields: { caseId: 'is empty' },
      message: 'A Service Request cannot be created without the case reference.',
    });
  if (options.previousOutcomeUnknown) {
    const existing = await findServiceRequestsForCase(client, caseId, options);
    if (existing.length > 0) return { id: existing[0]!.id, created: false };
  }
  const id = await client.create(COMPLAINTS_TABLE, { ...fields, [caseField(options)]: caseId });
  return { id, created: true };
}

export function updateServiceRequest(client: Pick<TascomiClient, 'update'>, id: string, fields: TascomiFields): Promise<string> {
  return client.update(COMPLAINTS_TABLE, id, fields);
}

export function readServiceRequest(client: Pick<TascomiClient, 'get'>, id: string): Promise<TascomiRecord> {
  return client.get(COMPLAINTS_TABLE, id);
}

/** Mapped values by schema key (`core_function`, `requester.surname`, `location.uprn`...). */
export type ServiceRequestValues = Readonly<Record<string, TascomiValue>>;

export interface PreparedServiceRequest {
  /** The complaints fields to send (ids for codes, contact and location links). */
  fields: TascomiFields;
  contacts: ContactResolution[];
  location?: LocationResolution;
}

export interface ServiceRequestDeps {
  client: Client;
  codeLists: Pick<CodeLists, 'resolve'>;
}

function validation(fields: Record<string, string>, message: string): ConnectorError {
  return new ConnectorError({ kind: 'validation', connector: 'tascomi', fields, message });
}

/** A mapped date: a luxon DateTime / Date, an ISO 8601 string, or already Tascomi's format. */
function toDate(value: TascomiValue, key: string, zone: string): TascomiValue {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const iso = DateTime.fromISO(text, { setZone: true });
  if (iso.isValid) return iso;
  const tascomi = DateTime.fromFormat(text, TASCOMI_DATE_FORMAT, { zone });
  if (tascomi.isValid) return tascomi;
  throw validation(
    { [key]: 'is not a date' },
    `The mapped ${key} "${text}" is not a date (expected ISO 8601, e.g. 2026-03-29T14:05:00+01:00). Check the mapping's date format; this will not be retried.`,
  );
}

function groupValues(values: ServiceRequestValues, group: string): Record<string, TascomiValue> {
  const out: Record<string, TascomiValue> = {};
  for (const [key, value] of Object.entries(values)) if (key.startsWith(`${group}.`)) out[key.slice(group.length + 1)] = value;
  return out;
}

/**
 * Turns evaluated values into complaints fields. Read-only checks (required fields, codes,
 * location) come before the contact writes, so a bad mapping leaves no stray contact behind.
 */
export async function prepareServiceRequest(
  deps: ServiceRequestDeps,
  values: ServiceRequestValues,
  mode: 'create' | 'update',
  settings: ServiceRequestSettings = {},
): Promise<PreparedServiceRequest> {
  const extras = additionalFields(values, settings);

  if (mode === 'create') {
    const missing = TASCOMI_TARGET_FIELDS.filter((f) => f.requiredForCreate && !hasValue(values[f.key]));
    if (missing.length)
      throw validation(
        Object.fromEntries(missing.map((f) => [f.key, 'is required to create a Service Request'])),
        `A Service Request needs ${missing.map((f) => f.label).join(', ')}, and the case gave no value for ${missing.length === 1 ? 'it' : 'them'}. Check the mapping template; this will not be retried.`,
      );
  }

  const fields: TascomiFields = {};
  const srFields = TASCOMI_TARGET_FIELDS.filter((f): f is TascomiTargetField => f.group === 'service_request');
  const resolvedCodes: Record<string, { id: string; raw: Record<string, unknown> }> = {};
  for (const field of srFields) {
    const value = values[field.key];
    if (!hasValue(value)) continue;
    const remote = resolveRemoteField(field.key, settings.fieldOverrides)!;
    if (field.type === 'code' && field.codeList) {
      const entry = await deps.codeLists.resolve(field.codeList, String(value), field.key);
      resolvedCodes[field.key] = { id: entry.id, raw: entry };
      fields[remote] = entry.id;
    } else if (field.type === 'date') {
      fields[remote] = toDate(value, field.key, deps.client.timeZone);
    } else {
      fields[remote] = typeof value === 'string' ? value.trim() : value;
    }
  }
  Object.assign(fields, extras);
  // A request code belongs to one core function: say so here rather than as Tascomi's 400.
  const code = resolvedCodes.request_code;
  const fn = resolvedCodes.core_function;
  if (code && fn && code.raw.core_function_id !== undefined && code.raw.core_function_id !== null && String(code.raw.core_function_id) !== fn.id) {
    throw validation(
      { request_code: `belongs to a different Core Function than ${String(values.core_function)}` },
      `The Request Code "${String(values.request_code)}" does not belong to the Core Function "${String(values.core_function)}". Check the mapping template; this will not be retried.`,
    );
  }

  let location: LocationResolution | undefined;
  const locationValues = groupValues(values, 'location');
  if (Object.keys(locationValues).length > 0) {
    location = await resolveLocation({ client: deps.client, streetRecordText: settings.streetRecordText }, locationValues as LocationInput);
    fields[linkField('location', settings)] = location.locationId;
  }

  const contacts: ContactResolution[] = [];
  for (const role of ['requester', 'contact_request'] as ContactRole[]) {
    const details = groupValues(values, role) as ContactDetails;
    if (!CONTACT_PARTS.some((p) => p in details)) continue;
    const resolution = await resolveContact({ client: deps.client, codeLists: deps.codeLists, fieldOverrides: settings.fieldOverrides }, role, details);
    contacts.push(resolution);
    if (resolution.contactId) fields[linkField(role, settings)] = resolution.contactId;
  }
  return { fields, contacts, location };
}

export const EXTRA_PREFIX = 'extra.';
const EXTRA_NAME = /^[a-z][a-z0-9_]*$/;

/** Complaints fields this module sets itself (remote name -> what sets it): an additional field may not overwrite one. */
function reservedComplaintFields(settings: ServiceRequestSettings): Map<string, string> {
  const reserved = new Map<string, string>();
  for (const f of TASCOMI_TARGET_FIELDS) if (f.group === 'service_request') reserved.set(resolveRemoteField(f.key, settings.fieldOverrides)!, f.label);
  for (const group of ['requester', 'contact_request', 'location'] as const) reserved.set(linkField(group, settings), `the ${group.replace('_', ' ')} link`);
  reserved.set(caseField(settings), 'the case reference');
  return reserved;
}

/**
 * Additional fields (`extra.<name>` keys of an evaluated template) as complaints fields `<name>`.
 * Any other key outside the schema, a name Tascomi could not take, or a name that would overwrite
 * a field set from the schema is a validation failure (a template problem: never retried).
 */
function additionalFields(values: ServiceRequestValues, settings: ServiceRequestSettings): TascomiFields {
  const known = new Set(TASCOMI_TARGET_FIELDS.map((f) => f.key));
  const reserved = reservedComplaintFields(settings);
  const unknown: string[] = [];
  const refused: Record<string, string> = {};
  const extras: TascomiFields = {};
  for (const [key, value] of Object.entries(values)) {
    if (known.has(key)) continue;
    if (!key.startsWith(EXTRA_PREFIX)) {
      unknown.push(key);
      continue;
    }
    const name = key.slice(EXTRA_PREFIX.length);
    if (!EXTRA_NAME.test(name)) refused[key] = 'is not a Tascomi field name (lower-case letters, digits and _, starting with a letter)';
    else if (reserved.has(name)) refused[key] = `would overwrite ${name}, which is set from ${reserved.get(name)}`;
    else if (hasValue(value)) extras[name] = typeof value === 'string' ? value.trim() : value;
  }
  if (unknown.length === 0 && Object.keys(refused).length === 0) return extras;
  const sentences = [
    unknown.length ? `The template maps to fields Tascomi does not have: ${unknown.join(', ')}.` : '',
    ...Object.entries(refused).map(([key, why]) => `The additional field ${key} ${why}.`),
  ].filter(Boolean);
  throw validation(
    { ...Object.fromEntries(unknown.map((k) => [k, 'is not a Tascomi target field'])), ...refused },
    `${sentences.join(' ')} Check the mapping template; this will not be retried.`,
  );
}

/** The complaints field linking a group's record; overridable as `<group>` in fieldOverrides. */
function linkField(group: 'requester' | 'contact_request' | 'location', settings: ServiceRequestSettings): string {
  return settings.fieldOverrides?.[group] ?? TASCOMI_FIELD_GROUPS.find((g) => g.id === group)!.linkField!;
}

export type SubmitRequest =
  | { mode: 'create'; caseId: string; values: ServiceRequestValues; previousOutcomeUnknown?: boolean }
  | { mode: 'update'; caseId: string; serviceRequestId: string; values: ServiceRequestValues };

export interface SubmitResult {
  serviceRequestId: string;
  action: 'created' | 'found_existing' | 'updated';
  contacts: ContactResolution[];
  location?: LocationResolution;
  /** Names of the complaints fields sent (values stay out of logs). */
  fieldsSent: string[];
}

export async function submitServiceRequest(deps: ServiceRequestDeps, request: SubmitRequest, settings: ServiceRequestSettings = {}): Promise<SubmitResult> {
  if (request.mode === 'create' && request.previousOutcomeUnknown) {
    const existing = await findServiceRequestsForCase(deps.client, request.caseId, settings);
    if (existing.length > 0) return { serviceRequestId: existing[0]!.id, action: 'found_existing', contacts: [], fieldsSent: [] };
  }
  const prepared = await prepareServiceRequest(deps, request.values, request.mode, settings);
  if (request.mode === 'create') {
    const { id } = await createServiceRequest(deps.client, request.caseId, prepared.fields, settings);
    return {
      serviceRequestId: id,
      action: 'created',
      contacts: prepared.contacts,
      location: prepared.location,
      fieldsSent: [...Object.keys(prepared.fields), caseField(settings)],
    };
  }
  if (!hasValue(request.serviceRequestId))
    throw validation({ serviceRequestId: 'is empty' }, 'The case has no Service Request number in the reference this update template applies to, so there is nothing to update.');
  const id = await updateServiceRequest(deps.client, String(request.serviceRequestId).trim(), prepared.fields);
  return { serviceRequestId: id, action: 'updated', contacts: prepared.contacts, location: prepared.location, fieldsSent: Object.keys(prepared.fields) };
}
