import { Group, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { CONNECTOR_IDS, JOB_FILTER_STATES, type ConnectorId, type JobFilter, type JobFilterState } from '../../../../shared/domain/job';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { compactFilter, isEmptyFilter, TYPING_DEBOUNCE_MS } from '../../ui/filter-query';
import { ERROR_CLASS_LABELS, STATE_FILTER_LABELS } from './job-filter';
import { CONNECTOR_LABELS } from './QueuesSection';
import { TemplateFilterSelect } from '../../ui/TemplateFilterSelect';
import { ChoiceFilter } from '../../ui/ChoiceFilter';
import { ClearFiltersButton, SearchWordsInput } from '../../ui/FilterBarParts';

interface Draft {
  caseId: string;
  text: string;
}

/**
 * The jobs filters, all combined: state, connector, case, template, error class and words in the last
 * error. Choices apply at once; typed values after a short pause, so each key press is not a query.
 */
export function JobsFilterBar({
  filter,
  onChange,
  onClear,
  templates,
  templatesError,
}: {
  filter: JobFilter;
  onChange: (filter: JobFilter) => void;
  onClear: () => void;
  /** Null while loading. */
  templates: TemplateSummary[] | null;
  templatesError: string | null;
}) {
  const [draft, setDraft] = useState<Draft>(() => ({ caseId: filter.caseId ?? '', text: filter.text ?? '' }));

  const typed = (next: Draft): Partial<JobFilter> => ({
    caseId: next.caseId.trim() ? next.caseId.trim().slice(0, 100) : undefined,
    text: next.text.trim() ? next.text.slice(0, 200) : undefined,
  });
  const commit = useDebouncedCallback((next: Draft, base: JobFilter) => onChange(compactFilter({ ...base, ...typed(next) })), TYPING_DEBOUNCE_MS);
  const type = (key: keyof Draft, value: string) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    commit(next, filter);
  };
  const choose = (parts: Partial<JobFilter>) => {
    commit.cancel();
    onChange(compactFilter({ ...filter, ...typed(draft), ...parts }));
  };

  const errorClasses = [...new Set([...Object.keys(ERROR_CLASS_LABELS), ...(filter.errorClasses ?? [])])];

  return (
    <Group role="search" aria-label="Job filters" align="flex-end" gap="sm" wrap="wrap">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ flex: '1 1 560px' }}>
        <ChoiceFilter
          label="State"
          anyText="Any state"
          data={JOB_FILTER_STATES.map((s) => ({ value: s, label: STATE_FILTER_LABELS[s] }))}
          value={filter.states ?? []}
          onChange={(states) => choose({ states: states as JobFilterState[] })}
        />
        <ChoiceFilter
          label="Connector"
          anyText="Any connector"
          data={CONNECTOR_IDS.map((c) => ({ value: c, label: CONNECTOR_LABELS[c] }))}
          value={filter.connectors ?? []}
          onChange={(connectors) => choose({ connectors: connectors as ConnectorId[] })}
        />
        <TemplateFilterSelect
          templates={templates}
          error={templatesError}
          value={filter.templateId !== undefined ? String(filter.templateId) : undefined}
          onChange={(value) => choose({ templateId: value ? Number(value) : undefined })}
        />
        <TextInput label="Case" placeholder="Case id" value={draft.caseId} maxLength={100} onChange={(e) => type('caseId', e.currentTarget.value)} />
        <ChoiceFilter
          label="Error class"
          anyText="Any error"
          data={errorClasses.map((c) => ({ value: c, label: ERROR_CLASS_LABELS[c] ?? c }))}
          value={filter.errorClasses ?? []}
          onChange={(chosen) => choose({ errorClasses: chosen })}
        />
        <SearchWordsInput label="Search errors" placeholder="Words in the last error" value={draft.text} onType={(value) => type('text', value)} />
      </SimpleGrid>
      <ClearFiltersButton disabled={isEmptyFilter(filter) && draft.caseId === '' && draft.text === ''} cancelTyping={commit.cancel} onClear={onClear} />
    </Group>
  );
}
