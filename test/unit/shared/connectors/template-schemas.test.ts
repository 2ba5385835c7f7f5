/**
 * Why a template row's value is personal: its target (a field, or a group, of the connector's
 * schema), its source (the case's people and addresses), or an admin's mark; old rows stay valid.
 */
import { describe, expect, it } from 'vitest';
import { personalReason, TEMPLATE_SCHEMAS } from '../../../../shared/connectors/template-schemas';
import { OutgoingRowSchema, type OutgoingRow } from '../../../../shared/domain/template';

const row = (target: OutgoingRow['target'], source: OutgoingRow['source'], personal?: boolean): OutgoingRow => ({
  id: 'r',
  target,
  source,
  ...(personal !== undefined ? { personal } : {}),
});
const field = { kind: 'field', field: 'x' } as const;

describe('personal rows', () => {
  it("are the contact and location groups' fields, and the free-text descriptions, whatever their source", () => {
    for (const key of ['requester.locality', 'requester.town', 'contact_request.email', 'location.uprn', 'description'])
      expect(personalReason('tascomi', row({ kind: 'schema', key }, field)), key).toBe('target');
    for (const key of ['contact', 'asset_reference', 'description']) expect(personalReason('civica-cx', row({ kind: 'schema', key }, field)), key).toBe('target');
    for (const key of ['core_function', 'received_date']) expect(personalReason('tascomi', row({ kind: 'schema', key }, field)), key).toBeNull();
    expect(personalReason('civica-cx', row({ kind: 'schema', key: 'priority' }, field))).toBeNull();
  });

  it("are any row taking a person's or an address's detail, wherever it lands", () => {
    expect(personalReason('tascomi', row({ kind: 'extra', name: 'applicant' }, { kind: 'person', role: 'Reporter', detail: 'full_name' }))).toBe('source');
    expect(personalReason('tascomi', row({ kind: 'schema', key: 'core_function' }, { kind: 'address', role: 'Incident', detail: 'postcode' }))).toBe('source');
  });

  it('are rows an admin marked; unmarked, an additional field from a case field is not', () => {
    expect(personalReason('tascomi', row({ kind: 'extra', name: 'plate' }, field, true))).toBe('marked');
    expect(personalReason('tascomi', row({ kind: 'extra', name: 'plate' }, field, false))).toBeNull();
    expect(personalReason('tascomi', row({ kind: 'extra', name: 'plate' }, null))).toBeNull();
  });

  it('every group says whether it is personal, and a row without the mark is still valid (older templates)', () => {
    for (const schema of Object.values(TEMPLATE_SCHEMAS)) for (const group of schema.groups) expect(typeof group.personal, `${schema.connector} ${group.id}`).toBe('boolean');
    expect(OutgoingRowSchema.parse({ id: 'a', target: { kind: 'extra', name: 'plate' }, source: null })).not.toHaveProperty('personal');
    expect(OutgoingRowSchema.safeParse({ id: 'a', target: { kind: 'extra', name: 'plate' }, source: null, personal: 'yes' }).success).toBe(false);
  });
});
