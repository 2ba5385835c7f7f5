import { Group, SimpleGrid, TextInput } from '@mantine/core';
import { ACCESS_ACTION_LABELS, ACCESS_ACTIONS, type AccessAction, type AccessAuditFilter } from '../../../../shared/domain/access-audit';
import { ChoiceFilter } from '../../ui/ChoiceFilter';
import { ClearFiltersButton, SearchWordsInput, TimeRangeInputs } from '../../ui/FilterBarParts';
import { isEmptyFilter } from '../../ui/filter-query';
import { useFilterDraft } from '../../ui/use-filter-draft';
import { readTimeRange } from '../../ui/log-filter-query';
import { isoToTimeInput } from '../../ui/time-format';

interface Draft {
  who: string;
  caseId: string;
  from: string;
  to: string;
  text: string;
}
type DraftKey = keyof Draft;

const draftOf = (filter: AccessAuditFilter): Draft => ({
  who: filter.who ?? '',
  caseId: filter.caseId ?? '',
  from: isoToTimeInput(filter.from),
  to: isoToTimeInput(filter.to),
  text: filter.text ?? '',
});

/** The typed parts as filter parts, with a reason for each one that is not usable (left out until fixed). */
function readDraft(draft: Draft): { parts: Partial<AccessAuditFilter>; errors: Partial<Record<DraftKey, string>> } {
  const { parts, errors } = readTimeRange(draft);
  const typed = (value: string) => (value.trim() ? value.trim().slice(0, 200) : undefined);
  return { parts: { ...parts, who: typed(draft.who), caseId: typed(draft.caseId), text: typed(draft.text) }, errors };
}

/**
 * The audit's filters, all combined: what was done, who, which case, a time range and words in
 * what was looked at or why. Choices apply at once; typed values after a short pause.
 */
export function AuditFilterBar({ filter, onChange, onClear }: { filter: AccessAuditFilter; onChange: (filter: AccessAuditFilter) => void; onClear: () => void }) {
  const { draft, errors, type, choose, typed, cancelTyping } = useFilterDraft(filter, onChange, draftOf, readDraft);

  return (
    <Group role="search" aria-label="Audit filters" align="flex-end" gap="sm" wrap="wrap">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ flex: '1 1 560px' }}>
        <ChoiceFilter
          label="Action"
          anyText="Any action"
          data={ACCESS_ACTIONS.map((action) => ({ value: action, label: ACCESS_ACTION_LABELS[action] }))}
          value={filter.actions ?? []}
          onChange={(actions) => choose({ actions: actions as AccessAction[] })}
        />
        <TextInput label="Who" placeholder="Part of a name" value={draft.who} maxLength={200} onChange={(e) => type('who', e.currentTarget.value)} />
        <TextInput label="Case" placeholder="Case id" value={draft.caseId} maxLength={200} onChange={(e) => type('caseId', e.currentTarget.value)} />
        <TimeRangeInputs from={draft.from} to={draft.to} errors={errors} onType={type} />
        <SearchWordsInput label="Search the audit" placeholder="Words in what was looked at, or why" value={draft.text} onType={(value) => type('text', value)} />
      </SimpleGrid>
      <ClearFiltersButton disabled={isEmptyFilter(filter) && !typed} cancelTyping={cancelTyping} onClear={onClear} />
    </Group>
  );
}
