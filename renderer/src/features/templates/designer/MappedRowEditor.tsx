import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Group, Paper, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconGripVertical, IconTrash } from '@tabler/icons-react';
import { templateSchema } from '../../../../../shared/connectors/template-schemas';
import type { ConnectorId, MappingProblem, OutgoingRow } from '../../../../../shared/domain/template';
import { DateSourceInputs } from './DateSourceInputs';
import { FixedTextInput } from './FixedTextInput';
import { IssueIcon } from './IssueIcon';
import { PersonalMark } from './PersonalMark';
import { RequestCodeCondition } from './RequestCodeCondition';
import { describeSource, describeTarget } from './source-summary';

interface Props {
  connector: ConnectorId;
  row: OutgoingRow;
  number: number;
  count: number;
  problems: MappingProblem[];
  /** Why the row gave no value for the sample case, when it gave none. */
  noValue?: string;
  saveErrors: string[];
  onChange: (change: Partial<OutgoingRow>) => void;
  onRemove: () => void;
  onMove: (by: -1 | 1) => void;
}

/** One mapped row: what it maps, its source's settings, its condition and what is wrong with it. */
export function MappedRowEditor({ connector, row, number, count, problems, noValue, saveErrors, onChange, onRemove, onMove }: Props) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: row.id });
  const name = `Row ${number}: ${describeTarget(connector, row.target)}`;
  const source = row.source;
  // Request Code conditions are Tascomi's; a row on the Request Code itself cannot depend on it.
  const conditional = templateSchema(connector).requestCodeConditions && !(row.target.kind === 'schema' && row.target.key === 'request_code');
  return (
    <Paper ref={setNodeRef} withBorder p="xs" role="group" aria-label={name} style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.6 : 1 }}>
      <Stack gap={6}>
        <Group gap={4} wrap="nowrap">
          {/* The handle alone starts a drag, so the inputs below stay usable. */}
          <ActionIcon
            ref={setActivatorNodeRef}
            {...attributes}
            {...listeners}
            variant="subtle"
            aria-label={`Drag ${name} to reorder`}
            style={{ touchAction: 'none', cursor: 'grab' }}
          >
            <IconGripVertical size={16} />
          </ActionIcon>
          <Text size="sm" style={{ flex: 1 }}>
            <b>{name}</b> ← {describeSource(source)}
          </Text>
          <ActionIcon variant="subtle" aria-label={`Move ${name} up`} disabled={number === 1} onClick={() => onMove(-1)}>
            <IconArrowUp size={16} />
          </ActionIcon>
          <ActionIcon variant="subtle" aria-label={`Move ${name} down`} disabled={number === count} onClick={() => onMove(1)}>
            <IconArrowDown size={16} />
          </ActionIcon>
          <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
        {source?.kind === 'date' && <DateSourceInputs source={source} onChange={(s) => onChange({ source: s })} />}
        {source?.kind === 'text' && (
          <FixedTextInput connector={connector} target={row.target} value={source.value} onChange={(value) => onChange({ source: { kind: 'text', value } })} />
        )}
        <PersonalMark connector={connector} row={row} onChange={(personal) => onChange({ personal })} />
        {conditional && <RequestCodeCondition codes={row.onlyForRequestCodes ?? []} onChange={(codes) => onChange({ onlyForRequestCodes: codes.length ? codes : undefined })} />}
        {[...saveErrors, ...problems.map((p) => p.message)].map((message, i) => (
          <Text key={i} size="xs" c="red">
            {message}
          </Text>
        ))}
        {noValue && (
          <Group gap={4} wrap="nowrap">
            <IssueIcon kind="no-value" />
            <Text size="xs">No value for this case: {noValue}.</Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
