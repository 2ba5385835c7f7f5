/** A template's kind named with its connector, where templates of both are listed together. */
import { describe, expect, it } from 'vitest';
import { templateKindLabel } from '../../../../renderer/src/ui/template-type-labels';

describe('template kind labels', () => {
  it('name a template kind with its connector where both are listed', () => {
    expect(templateKindLabel('tascomi', 'create')).toBe('Tascomi: Create Service Request (outgoing)');
    expect(templateKindLabel('tascomi', 'incoming')).toBe('Tascomi: Service Request (incoming)');
    expect(templateKindLabel('civica-cx', 'create')).toBe('Civica Cx: Raise repair (outgoing)');
    expect(templateKindLabel('civica-cx', 'update')).toContain('not a Civica Cx template type');
  });
});
