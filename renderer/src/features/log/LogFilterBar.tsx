import { Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { LOG_LEVELS, LOG_OUTCOMES, type LogLevel, type LogOutcome } from '../../../../shared/domain/log-entry';
import type { LogFilter } from '../../../../shared/domain/log-filter';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { OUTCOME_LABELS } from '../../ui/log-format';
import { ClearFiltersButton, SearchWordsInput, TimeRangeInputs } from '../../ui/FilterBarParts';
import { isEmptyFilter } from '../../ui/filter-query';
import { useFilterDraft } from '../../ui/use-filter-draft';
import { readTimeRange } from '../../ui/log-filter-query';
import { isoToTimeInput } from '../../ui/time-format';
import { ChoiceFilter } from '../../ui/ChoiceFilter';
import { TemplateFilterSelect } from '../../ui/TemplateFilterSelect';

/** Engine parts and connectors that write to the log; sources seen in the list are added to these. */
const KNOWN_SOURCES = ['engine', 'host', 'console', 'cases', 'rules', 'mapping', 'jobs', 'webhook', 'tascomi', 'civica-cx', 'log', 'demo'];

interface Draft {
  caseId: string;
  jobId: string;
  from: string;
  to: string;
  text: string;
}
type DraftKey = keyof Draft;

const draftOf = (filter: LogFilter): Draft => ({
  caseId: filter.caseId ?? '',
  jobId: filter.jobId !== undefined ? String(filter.jobId) : '',
  from: isoToTimeInput(filter.from),
  to: isoToTimeInput(filter.to),
  text: filter.text ?? '',
});

/** The typed parts as filter parts, with a reason for each one that is not usable (left out until fixed). */
function readDraft(draft: Draft): { parts: Partial<LogFilter>; errors: Partial<Record<DraftKey, string>> } {
  const range = readTimeRange(draft);
  const parts: Partial<LogFilter> = { ...range.parts };
  const errors: Partial<Record<DraftKey, string>> = { ...range.errors };
  if (draft.caseId.trim()) parts.caseId = draft.caseId.trim();
  if (draft.jobId.trim()) {
    if (/^\d+$/.test(draft.jobId.trim()) && Number(draft.jobId) > 0) parts.jobId = Number(draft.jobId);
    else errors.jobId = 'a job number, e.g. 42';
  }
  if (draft.text.trim()) parts.text = draft.text.slice(0, 200);
  return { parts, errors };
}

/**
 * The filters, all combined: level, source, outcome, case, template, job, person, time range and words.
 * Choices (the template by name among them) apply at once; typed values after a short pause, so each key press is not a query.
 */
export function LogFilterBar({
  filter,
  onChange,
  onClear,
  seenSources,
  templates,
  templatesError,
  people,
  peopleError,
}: {
  filter: LogFilter;
  onChange: (filter: LogFilter) => void;
  onClear: () => void;
  seenSources: string[];
  templates: TemplateSummary[] | null;
  templatesError: string | null;
  /** Whose calls wrote entries, most recently active first (null while loading). */
  people: string[] | null;
  peopleError: string | null;
}) {
  const { draft, errors, type, choose, typed, cancelTyping } = useFilterDraft(filter, onChange, draftOf, readDraft);

  const sources = [...new Set([...KNOWN_SOURCES, ...seenSources, ...(filter.sources ?? [])])].sort();
  // The chosen person stays a choice even when the engine no longer names them (retention removed their entries).
  const personChoices = [...new Set([...(people ?? []), ...(filter.person !== undefined ? [filter.person] : [])])];

  return (
    <Group role="search" aria-label="Log filters" align="flex-end" gap="sm" wrap="wrap">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ flex: '1 1 560px' }}>
        <ChoiceFilter
          label="Level"
          anyText="Any level"
          data={LOG_LEVELS.map((level) => ({ value: level, label: level }))}
          value={filter.levels ?? []}
          onChange={(levels) => choose({ levels: levels as LogLevel[] })}
        />
        <ChoiceFilter
          label="Source"
          anyText="Any connector or part"
          data={sources.map((source) => ({ value: source, label: source }))}
          value={filter.sources ?? []}
          onChange={(chosen) => choose({ sources: chosen })}
          searchable
        />
        <ChoiceFilter
          label="Outcome"
          anyText="Any outcome"
          data={LOG_OUTCOMES.map((outcome) => ({ value: outcome, label: OUTCOME_LABELS[outcome] }))}
          value={filter.outcomes ?? []}
          onChange={(outcomes) => choose({ outcomes: outcomes as LogOutcome[] })}
        />
        <TextInput label="Case" placeholder="Case id" value={draft.caseId} onChange={(e) => type('caseId', e.currentTarget.value)} />
        <TemplateFilterSelect templates={templates} error={templatesError} value={filter.templateId} onChange={(templateId) => choose({ templateId })} />
        <TextInput label="Job" placeholder="Job number" inputMode="numeric" value={draft.jobId} error={errors.jobId} onChange={(e) => type('jobId', e.currentTarget.value)} />
        <Select
          label="Person"
          placeholder={people === null && !peopleError ? 'Loading people…' : 'Anyone'}
          data={personChoices}
          value={filter.person ?? null}
          onChange={(person) => choose({ person: person ?? undefined })}
          error={peopleError}
          searchable
          clearable
          nothingFoundMessage="Nobody by that name in the log"
        />
        <TimeRangeInputs from={draft.from} to={draft.to} errors={errors} onType={type} />
        <SearchWordsInput label="Search messages" placeholder="Words in messages and errors" value={draft.text} onType={(value) => type('text', value)} />
      </SimpleGrid>
      <ClearFiltersButton disabled={isEmptyFilter(filter) && !typed} cancelTyping={cancelTyping} onClear={onClear} />
    </Group>
  );
}
