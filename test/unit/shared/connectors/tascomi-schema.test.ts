import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  resolveRemoteField,
  TASCOMI_CODE_LIST_NAMES,
  TASCOMI_REQUIRED_ACCESS,
  TASCOMI_REQUIRED_FOR_CREATE,
  TASCOMI_SCHEMA,
  TASCOMI_TARGET_FIELDS,
} from '../../../../shared/connectors/tascomi-schema';

describe('the Tascomi target schema', () => {
  it('needs Core Function, Request Code and Investigating Officer for a create, nothing else', () => {
    expect(TASCOMI_REQUIRED_FOR_CREATE).toEqual(['core_function', 'request_code', 'investigating_officer']);
  });

  it('has unique keys, and every code field names a known code list', () => {
    const keys = TASCOMI_TARGET_FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of TASCOMI_TARGET_FIELDS.filter((f) => f.type === 'code')) expect(TASCOMI_CODE_LIST_NAMES).toContain(f.codeList);
    for (const f of TASCOMI_TARGET_FIELDS.filter((f) => f.type !== 'code')) expect(f.codeList).toBeUndefined();
  });

  it('covers the groups the seed names', () => {
    const keys = TASCOMI_TARGET_FIELDS.map((f) => f.key);
    for (const k of ['received_date', 'description', 'reporting_method', 'request_category', 'organisational_unit', 'action_required', 'location.uprn', 'location.usrn'])
      expect(keys).toContain(k);
    for (const group of ['requester', 'contact_request'])
      for (const part of ['reference', 'title', 'forename', 'surname', 'email', 'phone', 'house', 'street', 'postcode']) expect(keys).toContain(`${group}.${part}`);
    expect(TASCOMI_SCHEMA.incoming.find((f) => f.key === 'id')!.label).toBe('Service Request number');
  });

  it('asks for View on eleven tables and Create & Update on complaints and contacts only', () => {
    expect(TASCOMI_REQUIRED_ACCESS).toHaveLength(11);
    expect(TASCOMI_REQUIRED_ACCESS.filter((a) => a.createUpdate).map((a) => a.table)).toEqual(['complaints', 'contacts']);
  });

  it('lets an instance rename a remote field', () => {
    expect(resolveRemoteField('description')).toBe('remarks');
    expect(resolveRemoteField('description', { description: 'details' })).toBe('details');
    expect(resolveRemoteField('nope')).toBeUndefined();
  });

  it('is plain data with no imports, so the renderer may use it too', () => {
    const source = readFileSync(new URL('../../../../shared/connectors/tascomi-schema.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/require\(/);
    expect(JSON.parse(JSON.stringify(TASCOMI_SCHEMA))).toEqual(TASCOMI_SCHEMA);
  });
});
