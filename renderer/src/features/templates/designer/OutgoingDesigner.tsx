import {
  DndContext,
  DragOverlay,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { Badge, Grid, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Case } from '../../../../../shared/domain/case';
import { templateSchema } from '../../../../../shared/connectors/template-schemas';
import type { OutgoingRow, Target, TemplateDraft } from '../../../../../shared/domain/template';
import { describeError } from '../../../api/contract-call-error';
import { RefusalAlert } from '../../../ui/RefusalAlert';
import { CasePalette } from './CasePalette';
import { addEmptyRow, mapSource } from './draft-edits';
import { MappedRows } from './MappedRows';
import type { PaletteTile } from './palette-tiles';
import { PreviewPanel } from './PreviewPanel';
import { describeSource, describeTarget } from './source-summary';
import { TargetFields } from './TargetFields';
import { useLivePreview } from './use-live-preview';
import { useSampleCase } from './use-sample-case';
import classes from './OutgoingDesigner.module.css';

type OutgoingDraft = Extract<TemplateDraft, { type: 'create' | 'update' }>;

// The pointer decides where a tile lands; nearest-rectangle only when the pointer is between zones.
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

interface Props {
  draft: OutgoingDraft;
  /** The saved template's id (none before its first save): its rules choose the sample case. */
  templateId?: number;
  saveErrors: Map<number, string[]>;
  onRowsChange: (rows: OutgoingRow[]) => void;
  /** The case the preview shows, so a save can say what the preview finds wrong. */
  onSampleCase?: (kase: Case | null) => void;
}

/**
 * A drag never scrolls the page: scrolling it moved the fields under a still pointer, so a tile
 * dropped near the bottom of the window landed on a neighbour of the highlighted field. The
 * columns that scroll on their own still do, and the wheel scrolls the page during a drag.
 */
const autoScroll = { canScroll: (element: Element) => element !== document.scrollingElement && element !== document.body };

/** The drag-and-drop designer for create and update templates: palette, the connector's fields, rows and preview. */
export function OutgoingDesigner({ draft, templateId, saveErrors, onRowsChange, onSampleCase }: Props) {
  const schema = templateSchema(draft.connector);
  const { offered: cases, chosen, why, choose: setChosen, error: casesError } = useSampleCase(templateId);
  const [picked, setPicked] = useState<PaletteTile | null>(null);
  const [dragged, setDragged] = useState<PaletteTile | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const preview = useLivePreview(draft, chosen);
  // PointerSensor only: a click (no movement) stays a click, which picks the tile for the keyboard way.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));

  useEffect(() => onSampleCase?.(chosen), [chosen, onSampleCase]);

  const map = (tile: PaletteTile, target: Target) => {
    onRowsChange(mapSource(draft.rows, target, tile.source));
    setAnnouncement(`Mapped ${describeSource(tile.source)} to ${describeTarget(draft.connector, target)}`);
    setPicked(null);
  };
  const pick = (tile: PaletteTile) => {
    const again = picked?.id === tile.id;
    setPicked(again ? null : tile);
    setAnnouncement(again ? `Put back ${tile.name}` : `Picked ${tile.name}: now press a ${schema.label} field`);
  };
  const press = (target: Target) => {
    if (picked) map(picked, target);
    else setAnnouncement(`Pick a case data tile first, then press ${describeTarget(draft.connector, target)}`);
  };
  const onDragStart = ({ active }: DragStartEvent) => setDragged((active.data.current?.tile as PaletteTile | undefined) ?? null);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(null);
    const tile = active.data.current?.tile as PaletteTile | undefined;
    const target = over?.data.current?.target as Target | undefined;
    if (tile && target) map(tile, target);
  };

  return (
    <DndContext sensors={sensors} collisionDetection={collision} autoScroll={autoScroll} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragged(null)}>
      <VisuallyHidden role="status" aria-live="polite" aria-label="Designer announcements">
        {announcement}
      </VisuallyHidden>
      {casesError !== null && <RefusalAlert error={casesError} title={`Could not load the sample cases: ${describeError(casesError)}`} />}
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, md: 5, lg: 3 }}>
          <CasePalette system={schema.label} cases={cases} chosen={chosen} onChoose={setChosen} pickedId={picked?.id ?? null} onPick={pick} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 4 }}>
          <TargetFields
            connector={draft.connector}
            type={draft.type}
            rows={draft.rows}
            preview={preview.status === 'ready' ? preview.result : null}
            onPress={press}
            onAddExtra={(name) => onRowsChange(addEmptyRow(draft.rows, { kind: 'extra', name }))}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }} className={classes.sideColumn}>
          <MappedRows connector={draft.connector} rows={draft.rows} preview={preview.status === 'ready' ? preview.result : null} saveErrors={saveErrors} onChange={onRowsChange} />
          <div className={classes.preview}>
            <PreviewPanel connector={draft.connector} preview={preview} sample={chosen && why ? { kase: chosen, why } : null} />
          </div>
        </Grid.Col>
      </Grid>
      <DragOverlay dropAnimation={null}>{dragged && <Badge size="lg">{dragged.name}</Badge>}</DragOverlay>
    </DndContext>
  );
}
