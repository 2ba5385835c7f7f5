/**
 * Additional fields: a template's `extra.<name>` values reach the Service Request as complaints
 * fields `<name>`, and can never overwrite a field the schema sets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCodeLists } from '../../../../../electron/engine/connectors/tascomi/code-lists';
import { TASCOMI_SCHEMA } from '../../../../../shared/connectors/tascomi-schema';
import { readServiceRequest, submitServiceRequest } from '../../../../../electron/engine/connectors/tascomi/service-requests';
import { evaluateTemplate } from '../../../../../electron/engine/mapping/evaluate';
import { CaseSchema } from '../../../../../shared/domain/case';
import { TemplateDraftSchema } from '../../../../../shared/domain/template';
import { startHarness, type Harness } from './harness';
import { connectorFailure } from '../../../../support/connector-failure';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const required = { core_function: 'EH', request_code: 'NOISE', investigating_officer: 'pshah' };
const writes = () => h!.emulator.requestLog().filter((e) => e.method !== 'GET');
const stored = (id: string) => h!.emulator.records('complaints').find((r) => r.id === id)!;

describe('additional fields on a Service Request', () => {
  it('an extra.<name> value is stored as the complaints field <name>, on create and on update', async () => {
    h = await startHarness({ emulator: { extraColumns: { complaints: ['noise_source', 'blank_one'] } } });
    const deps = { client: h.client, codeLists: createCodeLists({ client: h.client, clock: h.clock }) };
    const made = await submitServiceRequest(deps, {
      mode: 'create',
      caseId: 'CASE-X1',
      values: { ...required, 'extra.noise_source': '  Party next door ', 'extra.blank_one': '  ' },
    });
    expect(made.fieldsSent).toContain('noise_source');
    expect(made.fieldsSent).not.toContain('blank_one'); // empty values are left out, as for schema fields
    expect(stored(made.serviceRequestId)).toMatchObject({ noise_source: 'Party next door', external_reference: 'CASE-X1', complaint_code_id: '1' });

    await submitServiceRequest(deps, { mode: 'update', caseId: 'CASE-X1', serviceRequestId: made.serviceRequestId, values: { 'extra.noise_source': 'Dog barking' } });
    expect((await readServiceRequest(h.client, made.serviceRequestId)).noise_source).toBe('Dog barking');
  });

  it('from a case and a template, through evaluation, to the stored complaint', async () => {
    h = await startHarness({ emulator: { extraColumns: { complaints: ['ward_name'] } } });
    const codeLists = createCodeLists({ client: h.client, clock: h.clock });
    const kase = CaseSchema.parse({
      id: 'CRM-2001',
      type: 'noise',
      fields: { code: 'noise', ward: 'Riverside' },
      dates: { received: '2026-03-29T01:30:00Z' },
    });
    const draft = TemplateDraftSchema.parse({
      name: 'Noise',
      connector: 'tascomi',
      type: 'create',
      reference: 'SR number',
      rows: [
        { id: 'cf', target: { kind: 'schema', key: 'core_function' }, source: { kind: 'text', value: 'EH' } },
        { id: 'rc', target: { kind: 'schema', key: 'request_code' }, source: { kind: 'field', field: 'code' } },
        { id: 'io', target: { kind: 'schema', key: 'investigating_officer' }, source: { kind: 'text', value: 'pshah' } },
        { id: 'rd', target: { kind: 'schema', key: 'received_date' }, source: { kind: 'date', date: 'received' } },
        { id: 'ward', target: { kind: 'extra', name: 'ward_name' }, source: { kind: 'field', field: 'ward' }, onlyForRequestCodes: ['NOISE'] },
      ],
    });
    const lists = Object.fromEntries(await Promise.all(['core_functions', 'complaint_codes', 'users'].map(async (name) => [name, await codeLists.get(name as 'users')])));
    const result = evaluateTemplate(kase, draft, { schema: TASCOMI_SCHEMA, codeLists: lists });
    expect(result.problems).toEqual([]);
    expect(result.payload).toEqual({
      core_function: 'EH',
      request_code: 'noise',
      investigating_officer: 'pshah',
      received_date: '2026-03-29 02:30:00',
      'extra.ward_name': 'Riverside',
    });

    const made = await submitServiceRequest({ client: h.client, codeLists }, { mode: 'create', caseId: kase.id, values: result.payload });
    expect(stored(made.serviceRequestId)).toMatchObject({ ward_name: 'Riverside', received_date: '2026-03-29 02:30:00', complaint_code_id: '1', external_reference: 'CRM-2001' });
  });

  it('refuses, before writing anything, a name Tascomi cannot take or one that would overwrite a schema field', async () => {
    h = await startHarness({ emulator: { extraColumns: { complaints: ['notes'] } } });
    const deps = { client: h.client, codeLists: createCodeLists({ client: h.client, clock: h.clock }) };
    const refused = async (values: Record<string, string>, settings = {}) =>
      connectorFailure(() => submitServiceRequest(deps, { mode: 'create', caseId: 'C', values: { ...required, ...values } }, settings));

    expect((await refused({ 'extra.remarks': 'x' })).fields).toEqual({ 'extra.remarks': 'would overwrite remarks, which is set from Description (remarks)' });
    expect((await refused({ 'extra.complaint_code_id': '2' })).fields).toEqual({ 'extra.complaint_code_id': 'would overwrite complaint_code_id, which is set from Request Code' });
    expect((await refused({ 'extra.dtf_location_id': '9' })).fields).toEqual({ 'extra.dtf_location_id': 'would overwrite dtf_location_id, which is set from the location link' });
    expect((await refused({ 'extra.external_reference': 'other' })).fields).toEqual({
      'extra.external_reference': 'would overwrite external_reference, which is set from the case reference',
    });
    expect((await refused({ 'extra.Bad-Name': 'x' })).fields).toEqual({
      'extra.Bad-Name': 'is not a Tascomi field name (lower-case letters, digits and _, starting with a letter)',
    });
    expect((await refused({ 'extra.': 'x' })).fields).toEqual({ 'extra.': 'is not a Tascomi field name (lower-case letters, digits and _, starting with a letter)' });
    // The reserved names follow the per-instance overrides.
    const overridden = await refused({ 'extra.notes': 'x' }, { fieldOverrides: { description: 'notes' }, caseReferenceField: 'crm_ref' });
    expect(overridden.fields).toEqual({ 'extra.notes': 'would overwrite notes, which is set from Description (remarks)' });
    expect((await refused({ 'extra.crm_ref': 'x' }, { caseReferenceField: 'crm_ref' })).fields).toEqual({
      'extra.crm_ref': 'would overwrite crm_ref, which is set from the case reference',
    });
    // Unknown keys and refused extras are reported together.
    const both = await refused({ colour: 'red', 'extra.remarks': 'x' });
    expect(Object.keys(both.fields!)).toEqual(['colour', 'extra.remarks']);
    expect(both.message).toMatch(/^The template maps to fields Tascomi does not have: colour\. The additional field extra\.remarks would overwrite remarks/);
    expect(both).toMatchObject({ kind: 'validation', retryable: false });
    expect(writes()).toHaveLength(0);

    // With the override, remarks is free for an additional field.
    const made = await submitServiceRequest(
      deps,
      { mode: 'create', caseId: 'C2', values: { ...required, description: 'desc', 'extra.remarks': 'extra remarks' } },
      { fieldOverrides: { description: 'notes' } },
    );
    expect(stored(made.serviceRequestId)).toMatchObject({ notes: 'desc', remarks: 'extra remarks' });
  });
});
