import { afterEach, describe, expect, it } from 'vitest';
import { createCodeLists } from '../../../../../electron/engine/connectors/tascomi/code-lists';
import { resolveContact } from '../../../../../electron/engine/connectors/tascomi/contacts';
import { resolveLocation } from '../../../../../electron/engine/connectors/tascomi/locations';
import {
  carriesCaseReference,
  createServiceRequest,
  findServiceRequestsForCase,
  prepareServiceRequest,
  readServiceRequest,
  submitServiceRequest,
  updateServiceRequest,
} from '../../../../../electron/engine/connectors/tascomi/service-requests';
import { startHarness, type Harness } from './harness';
import { connectorFailure } from '../../../../support/connector-failure';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const contacts = () => h!.emulator.records('contacts') as Record<string, string | null>[];
const writes = () => h!.emulator.requestLog().filter((e) => e.method !== 'GET');

describe('the contacts rule', () => {
  it('exactly one match: links it and updates it with the further mapped fields that have values', async () => {
    h = await startHarness();
    const reference = h.emulator.demo!.uniqueContactReferences[0]!;
    const before = contacts().find((c) => c.reference === reference)!;
    const count = contacts().length;
    const result = await resolveContact({ client: h.client }, 'requester', { reference, email: 'new.address@example.org', phone: '', surname: undefined });
    expect(result).toEqual({ role: 'requester', contactId: before.id, action: 'linked_and_updated', matches: 1 });
    expect(contacts()).toHaveLength(count);
    const after = contacts().find((c) => c.id === before.id)!;
    expect(after.email).toBe('new.address@example.org');
    expect(after.phone).toBe(before.phone); // an empty mapping does not blank the contact
    expect(after.surname).toBe(before.surname);
  });

  it('exactly one match and nothing further: links it without writing', async () => {
    h = await startHarness();
    const result = await resolveContact({ client: h.client }, 'contact_request', { reference: 'ANON' });
    expect(result).toMatchObject({ action: 'linked', matches: 1 });
    expect(writes()).toHaveLength(0);
  });

  it('zero matches: creates a new contact with the mapped fields, the reference included', async () => {
    h = await startHarness();
    const result = await resolveContact({ client: h.client }, 'requester', { reference: 'CXM-P-55555', forename: 'Nadia', surname: 'Rahman', email: 'nadia@example.org' });
    expect(result).toMatchObject({ action: 'created', matches: 0 });
    expect(contacts().find((c) => c.id === result.contactId)).toMatchObject({ reference: 'CXM-P-55555', firstname: 'Nadia', surname: 'Rahman', email: 'nadia@example.org' });
    // The next request from the same person finds exactly that contact.
    expect(await resolveContact({ client: h.client }, 'requester', { reference: 'CXM-P-55555' })).toMatchObject({ action: 'linked', contactId: result.contactId });
  });

  it('several matches: creates a new contact rather than guessing, and leaves the others alone', async () => {
    h = await startHarness();
    const reference = h.emulator.demo!.duplicateContactReference;
    const dupes = contacts().filter((c) => c.reference === reference);
    expect(dupes).toHaveLength(2);
    const result = await resolveContact({ client: h.client }, 'requester', { reference, surname: 'Evans' });
    expect(result).toMatchObject({ action: 'created', matches: 2 });
    expect(dupes.map((d) => d.id)).not.toContain(result.contactId);
    expect(writes().map((w) => w.method)).toEqual(['PUT']);
    for (const d of dupes) expect(contacts().find((c) => c.id === d.id)).toEqual(d);
  });

  it('no reference: a new contact when any field has a value, otherwise none', async () => {
    h = await startHarness();
    expect(await resolveContact({ client: h.client }, 'requester', { reference: '  ', surname: '', email: null })).toEqual({
      role: 'requester',
      contactId: null,
      action: 'none',
      matches: null,
    });
    expect(await resolveContact({ client: h.client }, 'requester', undefined)).toMatchObject({ action: 'none' });
    expect(writes()).toHaveLength(0);
    const created = await resolveContact({ client: h.client }, 'requester', { surname: 'Walker', house: '12', street: 'HIGH STREET' });
    expect(created).toMatchObject({ action: 'created', matches: null });
    expect(contacts().find((c) => c.id === created.contactId)).toMatchObject({ surname: 'Walker', house_name_or_number: '12', street_name: 'HIGH STREET' });
    expect(contacts().find((c) => c.id === created.contactId)!.reference ?? null).toBeNull();
  });

  it('translates the title code to its id, and honours a renamed reference field', async () => {
    h = await startHarness();
    const codeLists = createCodeLists({ client: h.client, clock: h.clock });
    const made = await resolveContact({ client: h.client, codeLists }, 'requester', { reference: 'R-1', title: 'DR', surname: 'Okoye' });
    expect(contacts().find((c) => c.id === made.contactId)).toMatchObject({ title_id: '5' });
    await resolveContact({ client: h.client, fieldOverrides: { 'requester.reference': 'crm_ref' } }, 'requester', { reference: 'R-2' });
    expect(h.emulator.requestLog().some((e) => e.query.includes('crm_ref=R-2'))).toBe(true);
  });
});

describe('the location rule', () => {
  it('a UPRN gives the property with that uprn', async () => {
    h = await startHarness();
    const uprn = h.emulator.demo!.sampleUprns[3]!;
    const expected = h.emulator.records('dtf_locations').find((r) => r.uprn === uprn)!;
    expect(await resolveLocation({ client: h.client }, { uprn })).toEqual({ locationId: expected.id, kind: 'property', uprn });
  });

  it('a USRN gives the street record with that usrn, not the first record with it', async () => {
    h = await startHarness();
    const usrn = h.emulator.demo!.sharedUsrn;
    const records = h.emulator.records('dtf_locations').filter((r) => r.usrn === usrn);
    expect(records[0]!.pao_text).not.toBe('STREET RECORD'); // the trap: listed first
    const street = records.find((r) => r.pao_text === 'STREET RECORD')!;
    expect(await resolveLocation({ client: h.client }, { usrn })).toEqual({ locationId: street.id, kind: 'street', usrn, note: undefined });
    // A street with properties: every property carries the USRN too.
    const busy = h.emulator.records('dtf_locations').find((r) => r.uprn !== null)!;
    const busyStreet = h.emulator.records('dtf_locations').find((r) => r.usrn === busy.usrn && r.pao_text === 'STREET RECORD')!;
    expect((await resolveLocation({ client: h.client }, { usrn: String(busy.usrn) })).locationId).toBe(busyStreet.id);
  });

  it('a USRN whose only record is not a street record is a validation failure naming the USRN', async () => {
    h = await startHarness();
    h.emulator.insert('dtf_locations', { uprn: null, usrn: '29999999', pao_text: 'LAND AT REAR OF DEPOT', street_name: 'DEPOT LANE' });
    const error = await connectorFailure(() => resolveLocation({ client: h!.client }, { usrn: '29999999' }));
    expect(error).toMatchObject({ kind: 'validation', retryable: false });
    expect(error.fields).toEqual({ 'location.usrn': 'no location in Tascomi has USRN 29999999 with the Street Record text "STREET RECORD"' });
    // With the Street Record text set to what this instance uses, it is found.
    expect(await resolveLocation({ client: h.client, streetRecordText: 'LAND AT REAR OF DEPOT' }, { usrn: '29999999' })).toMatchObject({ kind: 'street' });
  });

  it('neither, or neither valid: a validation failure saying what was wrong with each', async () => {
    h = await startHarness();
    const neither = await connectorFailure(() => resolveLocation({ client: h!.client }, { uprn: '', usrn: null }));
    expect(neither).toMatchObject({ kind: 'validation', fields: { location: 'neither a UPRN nor a USRN has a value' } });
    expect(neither.message).toMatch(/cannot be created from a written address/);
    const invalid = await connectorFailure(() => resolveLocation({ client: h!.client }, { uprn: '12 High Street', usrn: '123456789' }));
    expect(invalid.fields).toEqual({ 'location.uprn': '"12 High Street" is not a UPRN (up to 12 digits)', 'location.usrn': '"123456789" is not a USRN (up to 8 digits)' });
    expect(h.emulator.requestLog()).toHaveLength(0); // nothing asked of Tascomi for malformed values
    const unknown = await connectorFailure(() => resolveLocation({ client: h!.client }, { uprn: '999999999999' }));
    expect(unknown.fields).toEqual({ 'location.uprn': 'no location in Tascomi has UPRN 999999999999' });
  });

  it('an unknown UPRN falls back to a good USRN and says why', async () => {
    h = await startHarness();
    const usrn = h.emulator.demo!.sharedUsrn;
    const result = await resolveLocation({ client: h.client }, { uprn: '999999999999', usrn });
    expect(result).toMatchObject({ kind: 'street', usrn, note: 'no location in Tascomi has UPRN 999999999999' });
  });
});

describe('Service Requests', () => {
  const values = (h: Harness) => ({
    core_function: 'EH',
    request_code: 'NOISE',
    investigating_officer: 'pshah',
    received_date: '2026-06-15T09:05:00+01:00',
    description: 'Loud music every night',
    reporting_method: 'WEB',
    'requester.reference': h.emulator.demo!.uniqueContactReferences[1]!,
    'requester.email': 'updated@example.org',
    'location.uprn': h.emulator.demo!.sampleUprns[0]!,
  });

  it('create, read, update; the case reference is written and found again', async () => {
    h = await startHarness({ emulator: { extraColumns: { complaints: ['crm_case_ref'] } } }); // an instance with the council's own column
    const fields = { core_function_id: '1', complaint_code_id: '1', investigating_officer_id: '1', remarks: 'first' };
    const made = await createServiceRequest(h.client, 'CASE-100', fields);
    expect(made.created).toBe(true);
    expect(await readServiceRequest(h.client, made.id)).toMatchObject({ id: made.id, external_reference: 'CASE-100', remarks: 'first' });
    await updateServiceRequest(h.client, made.id, { remarks: 'second' });
    expect((await readServiceRequest(h.client, made.id)).remarks).toBe('second');
    expect((await findServiceRequestsForCase(h.client, 'CASE-100')).map((r) => r.id)).toEqual([made.id]);
    expect(await findServiceRequestsForCase(h.client, 'CASE-999')).toEqual([]);
    // A configurable field.
    const other = await createServiceRequest(h.client, 'CASE-200', fields, { caseReferenceField: 'crm_case_ref' });
    expect((await findServiceRequestsForCase(h.client, 'CASE-200', { caseReferenceField: 'crm_case_ref' })).map((r) => r.id)).toEqual([other.id]);
  });

  it("a record is the case's only when it carries the case reference field with exactly its value", () => {
    expect(carriesCaseReference({ id: '1', external_reference: 'CASE-1' }, 'external_reference', 'CASE-1')).toBe(true);
    expect(carriesCaseReference({ id: '1', external_reference: ' CASE-1 ' }, 'external_reference', 'CASE-1')).toBe(true);
    expect(carriesCaseReference({ id: '1', external_reference: 42 }, 'external_reference', '42')).toBe(true);
    expect(carriesCaseReference({ id: '1' }, 'external_reference', 'CASE-1')).toBe(false);
    expect(carriesCaseReference({ id: '1', external_reference: null }, 'external_reference', 'CASE-1')).toBe(false);
    expect(carriesCaseReference({ id: '1', external_reference: '' }, 'external_reference', 'CASE-1')).toBe(false);
    expect(carriesCaseReference({ id: '1', external_reference: 'CASE-10' }, 'external_reference', 'CASE-1')).toBe(false);
    expect(carriesCaseReference({ id: '1', external_reference: 'case-1' }, 'external_reference', 'CASE-1')).toBe(false);
  });

  it('the look-up ignores the records an instance answers when it has no such column and ignores the filter', async () => {
    h = await startHarness({ emulator: { absentColumns: { complaints: ['external_reference'] } } });
    const fields = { core_function_id: '1', complaint_code_id: '1', investigating_officer_id: '1', remarks: 'first' };
    await createServiceRequest(h.client, 'CASE-100', fields);
    // The filter was ignored: every Service Request came back, none carrying the field.
    expect((await h.client.listAll('complaints', { external_reference: 'CASE-100' })).items.length).toBeGreaterThan(1);
    expect(await findServiceRequestsForCase(h.client, 'CASE-100')).toEqual([]);
  });

  it('the look-up finds the case’s Service Request when its other columns, last_updated included, are null', async () => {
    h = await startHarness();
    const made = h.emulator.insert('complaints', { external_reference: 'CASE-500', last_updated: null });
    expect(made).toMatchObject({ last_updated: null, remarks: null, core_function_id: null });
    h.emulator.insert('complaints', { external_reference: null, last_updated: null });
    expect((await findServiceRequestsForCase(h.client, 'CASE-500')).map((r) => r.id)).toEqual([made.id]);
    const fields = { core_function_id: '1', complaint_code_id: '1', investigating_officer_id: '1', remarks: 'again' };
    expect(await createServiceRequest(h.client, 'CASE-500', fields, { previousOutcomeUnknown: true })).toEqual({ id: made.id, created: false });
  });

  it('a create whose answer was lost is not sent twice: the retry finds it by the case reference', async () => {
    h = await startHarness();
    const codeLists = createCodeLists({ client: h.client, clock: h.clock });
    const prepared = await prepareServiceRequest({ client: h.client, codeLists }, values(h), 'create');
    // The create is stored, then the connection drops before the answer arrives.
    h.emulator.setFaults({ dropAfterCommitRate: 1 });
    const lost = await connectorFailure(() => createServiceRequest(h!.client, 'CASE-300', prepared.fields));
    expect(lost).toMatchObject({ kind: 'connection', retryable: true, mayHaveApplied: true });
    h.emulator.clearFaults();
    expect(h.emulator.records('complaints').filter((r) => r.external_reference === 'CASE-300')).toHaveLength(1);
    const before = h.emulator.records('complaints').length;
    const retry = await submitServiceRequest({ client: h.client, codeLists }, { mode: 'create', caseId: 'CASE-300', values: values(h), previousOutcomeUnknown: true });
    expect(retry.action).toBe('found_existing');
    expect(h.emulator.records('complaints')).toHaveLength(before);
    expect(h.emulator.records('complaints').filter((r) => r.external_reference === 'CASE-300')).toHaveLength(1);
  });

  it('submit: codes to ids, the date in the instance zone, the contact linked and updated, the location set', async () => {
    h = await startHarness();
    const codeLists = createCodeLists({ client: h.client, clock: h.clock });
    const result = await submitServiceRequest({ client: h.client, codeLists }, { mode: 'create', caseId: 'CASE-400', values: values(h) });
    expect(result.action).toBe('created');
    const sr = await readServiceRequest(h.client, result.serviceRequestId);
    const contact = contacts().find((c) => c.reference === h!.emulator.demo!.uniqueContactReferences[1])!;
    const location = h.emulator.records('dtf_locations').find((r) => r.uprn === h!.emulator.demo!.sampleUprns[0])!;
    expect(sr).toMatchObject({
      core_function_id: '1',
      complaint_code_id: '1',
      investigating_officer_id: '1',
      received_date: '2026-06-15 09:05:00',
      remarks: 'Loud music every night',
      reporting_method_id: '3',
      requester_contact_id: contact.id,
      dtf_location_id: location.id,
      external_reference: 'CASE-400',
    });
    expect(contact.email).toBe('updated@example.org');
    expect(result.contacts).toEqual([{ role: 'requester', contactId: contact.id, action: 'linked_and_updated', matches: 1 }]);
    expect(result.fieldsSent).toContain('external_reference');

    const updated = await submitServiceRequest(
      { client: h.client, codeLists },
      { mode: 'update', caseId: 'CASE-400', serviceRequestId: result.serviceRequestId, values: { description: 'Still loud' } },
    );
    expect(updated).toMatchObject({ action: 'updated', serviceRequestId: result.serviceRequestId, fieldsSent: ['remarks'] });
    expect((await readServiceRequest(h.client, result.serviceRequestId)).remarks).toBe('Still loud');
  });

  it('refuses locally, before writing anything: missing required fields, unknown codes, a mismatched pair, a bad location', async () => {
    h = await startHarness();
    const codeLists = createCodeLists({ client: h.client, clock: h.clock });
    const deps = { client: h.client, codeLists };
    const missing = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { core_function: 'EH', investigating_officer: '' } }));
    expect(missing.fields).toEqual({ request_code: 'is required to create a Service Request', investigating_officer: 'is required to create a Service Request' });
    expect(missing.message).toMatch(/Request Code, Investigating Officer/);

    const unknown = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...values(h!), request_code: 'NOPE' } }));
    expect(unknown).toMatchObject({ kind: 'validation', fields: { request_code: "is not in Tascomi's complaint_codes list" } });
    const ceased = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...values(h!), request_code: 'NOISEOLD' } }));
    expect(ceased.fields).toEqual({ request_code: "in complaint_codes is ceased in Tascomi (ceased = 't'); choose another" });
    const disabled = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...values(h!), investigating_officer: 'rgreen' } }));
    expect(disabled.fields).toEqual({ investigating_officer: "in users is disabled in Tascomi (enabled = 'f'); choose another" });
    // The same rule for every list: a disabled title (not a user) is refused before anything is sent.
    const disabledTitle = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...values(h!), 'requester.title': 'REVD' } }));
    expect(disabledTitle).toMatchObject({ kind: 'validation', fields: { 'requester.title': "in titles is disabled in Tascomi (enabled = 'f'); choose another" } });
    expect(disabledTitle.message).toContain('The mapped requester.title "REVD" in titles is disabled in Tascomi');
    const notOfficer = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...values(h!), investigating_officer: 'cbennett' } }));
    expect(notOfficer.fields).toEqual({ investigating_officer: 'is a user who is not an officer' });
    const pair = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...values(h!), request_code: 'ROGUE' } }));
    expect(Object.keys(pair.fields!)).toEqual(['request_code']);
    const place = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...values(h!), 'location.uprn': 'abc' } }));
    expect(Object.keys(place.fields!)).toEqual(['location.uprn']);
    const badDate = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...values(h!), received_date: 'last Tuesday' } }));
    expect(badDate.fields).toEqual({ received_date: 'is not a date' });
    const stranger = await connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...values(h!), colour: 'red' } }));
    expect(stranger.fields).toEqual({ colour: 'is not a Tascomi target field' });
    for (const e of [missing, unknown, ceased, disabled, disabledTitle, notOfficer, pair, place, badDate, stranger]) expect(e.retryable).toBe(false);
    expect(writes()).toHaveLength(0);
  });
});
