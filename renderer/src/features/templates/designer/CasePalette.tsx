import { Group, Select, Stack, Text, Title } from '@mantine/core';
import type { Case } from '../../../../../shared/domain/case';
import { paletteSections, type PaletteTile as Tile } from './palette-tiles';
import { PaletteTile } from './PaletteTile';

interface Props {
  cases: Case[];
  chosen: Case | null;
  onChoose: (kase: Case) => void;
  pickedId: string | null;
  onPick: (tile: Tile) => void;
}

/** The left column: a sample case, and a tile for each thing it offers. */
export function CasePalette({ cases, chosen, onChoose, pickedId, onPick }: Props) {
  return (
    <Stack gap="sm" component="section" aria-label="Case data">
      <Title order={2} size="h4">
        Case data
      </Title>
      <Select
        label="Sample case"
        data={cases.map((c) => ({ value: c.id, label: `${c.id} — ${c.type}` }))}
        value={chosen?.id ?? null}
        onChange={(id) => {
          const kase = cases.find((c) => c.id === id);
          if (kase) onChoose(kase);
        }}
        allowDeselect={false}
      />
      <Text size="xs" c="dimmed">
        Drag a tile onto a Tascomi field, or press a tile and then the field.
      </Text>
      {paletteSections(chosen).map((section) => (
        <Stack key={section.title} gap={4}>
          <Text size="sm" fw={600}>
            {section.title}
          </Text>
          <Group gap={4}>
            {section.tiles.map((tile) => (
              <PaletteTile key={tile.id} tile={tile} picked={pickedId === tile.id} onPick={onPick} />
            ))}
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}
