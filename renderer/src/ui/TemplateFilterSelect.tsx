import { Select } from '@mantine/core';
import type { TemplateSummary } from '../../../shared/domain/template';
import { templateChoices } from './template-names';

/** A filter's template, chosen by name (searchable; cleared for any template). The value is the template's id. */
export function TemplateFilterSelect({
  templates,
  error,
  value,
  onChange,
}: {
  templates: TemplateSummary[] | null;
  error: string | null;
  value: string | undefined;
  onChange: (templateId: string | undefined) => void;
}) {
  return (
    <Select
      label="Template"
      placeholder={templates === null && !error ? 'Loading templates…' : 'Any template'}
      data={templateChoices(templates, value)}
      value={value ?? null}
      onChange={(chosen) => onChange(chosen ?? undefined)}
      error={error}
      searchable
      clearable
      nothingFoundMessage="No template by that name"
    />
  );
}
