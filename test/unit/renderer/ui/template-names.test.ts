/** Templates named as people know them: a filter's choices and a log entry's template. */
import { describe, expect, it } from 'vitest';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { templateChoices, templateLabel } from '../../../../renderer/src/ui/template-names';

const template = (id: number, name: string, version: number) => ({ id, name, version }) as TemplateSummary;
const templates = [template(4, 'Fly-tipping to Tascomi', 3), template(7, 'Repairs to Cx', 1)];

describe('templateChoices', () => {
  it('offers each template by name and version, its id the value', () => {
    expect(templateChoices(templates, undefined)).toEqual([
      { value: '4', label: 'Fly-tipping to Tascomi (version 3)' },
      { value: '7', label: 'Repairs to Cx (version 1)' },
    ]);
  });

  it('keeps a chosen template that is not listed choosable: deleted once the list is read, by number while it is not', () => {
    expect(templateChoices(templates, '9').at(-1)).toEqual({ value: '9', label: 'Template 9 (deleted)' });
    expect(templateChoices(null, '9')).toEqual([{ value: '9', label: 'Template 9' }]);
    expect(templateChoices(templates, '4')).toHaveLength(2);
  });
});

describe('templateLabel', () => {
  it('names a listed template with its version now, and says a missing one is deleted (no page to open)', () => {
    expect(templateLabel(templates, '4')).toEqual({ label: 'Fly-tipping to Tascomi (now at version 3)', exists: true });
    expect(templateLabel(templates, '9')).toEqual({ label: 'Template 9 (deleted)', exists: false });
  });

  it('names a template by number while the templates are not read (it may well exist)', () => {
    expect(templateLabel(null, '4')).toEqual({ label: 'Template 4', exists: true });
  });
});
