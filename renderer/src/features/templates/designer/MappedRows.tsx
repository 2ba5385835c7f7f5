import { closestCenter, DndContext, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Stack, Text, Title } from '@mantine/core';
import type { ConnectorId, EvaluationResult, OutgoingRow } from '../../../../../shared/domain/template';
import { moveRow, removeRow, updateRow } from './draft-edits';
import { MappedRowEditor } from './MappedRowEditor';

interface Props {
  connector: ConnectorId;
  rows: OutgoingRow[];
  preview: EvaluationResult | null;
  /** Save errors by row index (from paths like `draft.rows.3.target.key`). */
  saveErrors: Map<number, string[]>;
  onChange: (rows: OutgoingRow[]) => void;
}

/** The template's rows in order (a later row on the same target decides); drag the handle or use the arrows to reorder. */
export function MappedRows({ connector, rows, preview, saveErrors, onChange }: Props) {
  // Its own drag context: reordering rows never drops onto a target field, and tiles never land here.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over) onChange(moveRow(rows, String(active.id), String(over.id)));
  };
  return (
    <Stack gap="xs" component="section" aria-label="Mapped rows">
      <Title order={2} size="h4">
        Mapped rows
      </Title>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No rows yet.
        </Text>
      )}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={rows.map((r) => r.id)} strategy={verticalListSortingStrategy}>
          {rows.map((row, i) => (
            <MappedRowEditor
              key={row.id}
              connector={connector}
              row={row}
              number={i + 1}
              count={rows.length}
              problems={(preview?.problems ?? []).filter((p) => p.rowId === row.id)}
              noValue={preview?.emptyRows.find((r) => r.rowId === row.id)?.why}
              saveErrors={saveErrors.get(i) ?? []}
              onChange={(change) => onChange(updateRow(rows, row.id, change))}
              onRemove={() => onChange(removeRow(rows, row.id))}
              onMove={(by) => {
                const other = rows[i + by];
                if (other) onChange(moveRow(rows, row.id, other.id));
              }}
            />
          ))}
        </SortableContext>
      </DndContext>
    </Stack>
  );
}
