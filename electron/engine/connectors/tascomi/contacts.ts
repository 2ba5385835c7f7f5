/**
 * The Requester and Contact Request contacts, resolved exactly as the seed's "Contact records"
 * rule says:
 * - a reference with a value: search contacts by that reference;
 *   - exactly one match: link it, and update it with any further mapped fields that have values;
 *   - zero or several: create a new contact from the mapped fields (the reference included, so
 *     the next request from the same person finds it);
 * - no reference: create a new contact if any mapped field has a value, else no contact.
 * Empty values are never sent to an existing contact, so a sparse template cannot blank it.
 */
import type { TascomiClient } from './client';
import type { CodeLists } from './code-lists';
import type { TascomiFields, TascomiValue } from './form';
import { resolveRemoteField } from '../../../../shared/connectors/tascomi-schema';

export const CONTACTS_TABLE = 'contacts';
export const CONTACT_PARTS = ['reference', 'title', 'forename', 'surname', 'email', 'phone', 'house', 'street', 'locality', 'town', 'postcode'] as const;
export type ContactPart = (typeof CONTACT_PARTS)[number];
export type ContactRole = 'requester' | 'contact_request';
/** Mapped values for one contact group, by part (schema keys `<role>.<part>`). */
export type ContactDetails = Partial<Record<ContactPart, TascomiValue>>;

export interface ContactResolution {
  role: ContactRole;
  contactId: string | null;
  action: 'none' | 'linked' | 'linked_and_updated' | 'created';
  /** How many contacts had the reference (null when there was no reference to search). */
  matches: number | null;
}

export interface ContactDeps {
  client: Pick<TascomiClient, 'list' | 'create' | 'update'>;
  /** Translates a mapped title code to title_id; without it the value is sent as given. */
  codeLists?: Pick<CodeLists, 'resolve'>;
  /** Per-instance remote field names, by schema key (e.g. `requester.reference` -> `ref_no`). */
  fieldOverrides?: Readonly<Record<string, string>>;
}

export function hasValue(value: TascomiValue): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  return true;
}

function clean(value: TascomiValue): TascomiValue {
  return typeof value === 'string' ? value.trim() : value;
}

/** The contact fields with values, as Tascomi field names (title translated to its id). */
async function contactFields(deps: ContactDeps, role: ContactRole, details: ContactDetails, includeReference: boolean): Promise<TascomiFields> {
  const fields: TascomiFields = {};
  for (const part of CONTACT_PARTS) {
    if (part === 'reference' && !includeReference) continue;
    const value = details[part];
    if (!hasValue(value)) continue;
    const remote = resolveRemoteField(`${role}.${part}`, deps.fieldOverrides)!;
    if (part === 'title' && deps.codeLists) {
      fields[remote] = (await deps.codeLists.resolve('titles', String(value), `${role}.title`)).id;
    } else {
      fields[remote] = clean(value);
    }
  }
  return fields;
}

export async function resolveContact(deps: ContactDeps, role: ContactRole, details: ContactDetails | undefined): Promise<ContactResolution> {
  const given = details ?? {};
  const reference = hasValue(given.reference) ? String(given.reference).trim() : undefined;

  if (reference === undefined) {
    const fields = await contactFields(deps, role, given, false);
    if (Object.keys(fields).length === 0) return { role, contactId: null, action: 'none', matches: null };
    return { role, contactId: await deps.client.create(CONTACTS_TABLE, fields), action: 'created', matches: null };
  }

  const referenceField = resolveRemoteField(`${role}.reference`, deps.fieldOverrides)!;
  const page = await deps.client.list(CONTACTS_TABLE, { [referenceField]: reference });
  // Trust the server's filter, but drop anything whose reference is visibly different.
  const exact = page.items.filter((c) => !(referenceField in c) || String(c[referenceField] ?? '').trim() === reference);
  const matches = page.total !== null && page.total > page.items.length ? page.total : exact.length;

  if (matches === 1 && exact.length === 1) {
    const contactId = exact[0]!.id;
    const further = await contactFields(deps, role, given, false);
    if (Object.keys(further).length === 0) return { role, contactId, action: 'linked', matches };
    await deps.client.update(CONTACTS_TABLE, contactId, further);
    return { role, contactId, action: 'linked_and_updated', matches };
  }
  const fields = await contactFields(deps, role, given, true);
  return { role, contactId: await deps.client.create(CONTACTS_TABLE, fields), action: 'created', matches };
}
