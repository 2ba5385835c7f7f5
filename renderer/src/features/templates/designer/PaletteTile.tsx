import { useDraggable } from '@dnd-kit/core';
import { Button } from '@mantine/core';
import type { PaletteTile as Tile } from './palette-tiles';

/** A piece of case data: drag it onto a target field, or press it and then press the field. */
export function PaletteTile({ tile, picked, onPick }: { tile: Tile; picked: boolean; onPick: (tile: Tile) => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `tile:${tile.id}`, data: { tile } });
  return (
    <Button
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      aria-pressed={picked}
      aria-label={tile.name === tile.text ? undefined : tile.name}
      title={tile.example ? `${tile.name}: ${tile.example}` : tile.name}
      size="compact-sm"
      variant={picked ? 'filled' : 'light'}
      color={tile.source.kind === 'text' ? 'grape' : 'blue'}
      style={{ opacity: isDragging ? 0.4 : 1, touchAction: 'none' }}
      onClick={() => onPick(tile)}
    >
      {tile.text}
    </Button>
  );
}
