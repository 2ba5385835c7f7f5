/**
 * The designer names targets and payload keys by the template's connector: a Civica Cx template
 * reads Cx's field labels, a Tascomi one as before.
 */
import { describe, expect, it } from 'vitest';
import { mapSource, mappedTargetKeys } from '../../../../../renderer/src/features/templates/designer/draft-edits';
import { describeTarget, payloadLabel } from '../../../../../renderer/src/features/templates/designer/source-summary';

describe('template designer labels', () => {
  it('describe targets and payload keys with the connector’s labels', () => {
    expect(describeTarget('tascomi', { kind: 'schema', key: 'request_code' })).toBe('Request Code');
    expect(describeTarget('civica-cx', { kind: 'schema', key: 'contact' })).toBe('Contact (tenant reference)');
    expect(describeTarget('civica-cx', { kind: 'schema', key: 'sor_code' })).toBe('SOR code');
    // A key the connector does not have shows as it is, not as another connector's label.
    expect(describeTarget('civica-cx', { kind: 'schema', key: 'request_code' })).toBe('request_code');
    expect(describeTarget('tascomi', { kind: 'extra', name: 'ward_id' })).toBe('Additional field ward_id');
    expect(payloadLabel('civica-cx', 'repair_type')).toBe('Repair type');
    expect(payloadLabel('tascomi', 'extra.ward_id')).toBe('Additional field ward_id');
  });

  it('map a Cx field once, replacing its source on a second drop', () => {
    const once = mapSource([], { kind: 'schema', key: 'priority' }, { kind: 'text', value: 'U' });
    const twice = mapSource(once, { kind: 'schema', key: 'priority' }, { kind: 'field', field: 'priority' });
    expect(twice).toHaveLength(1);
    expect(twice[0]!.source).toEqual({ kind: 'field', field: 'priority' });
    expect([...mappedTargetKeys(twice)]).toEqual(['priority']);
  });
});
