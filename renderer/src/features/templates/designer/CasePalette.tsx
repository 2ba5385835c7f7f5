import { Group, Select, Stack, Text, Title } from '@mantine/core';
import type { Case } from '../../../../../shared/domain/case';
import { paletteSections, type PaletteTile as Tile } from './palette-tiles';
import { PaletteTile } from './PaletteTile';

/** A case the palette can show: one received from the CRM, or one of the shipped samples. */
export interface OfferedCase {
  kase: Case;
  origin: 'recent' | 'sample';
}

const GROUPS = [
  { origin: 'recent', group: 'Recent cases' },
  { origin: 'sample', group: 'Sample cases' },
] as const;

interface Props {
  /** The remote system's name ("Tascomi", "Civica Cx"), for the instructions. */
  system: string;
  cases: OfferedCase[];
  chosen: Case | null;
  onChoose: (kase: Case) => void;
  pickedId: string | null;
  onPick: (tile: Tile) => void;
}

/** The left column: a case (recent or sample), and a tile for each thing it offers. */
export function CasePalette({ system, cases, chosen, onChoose, pickedId, onPick }: Props) {
  const current = cases.find((c) => c.kase === chosen);
  return (
    <Stack gap="sm" component="section" aria-label="Case data">
      <Title order={2} size="h4">
        Case data
      </Title>
      <Select
        label="Sample case"
        description="A recent case from the CRM, or a sample"
        data={GROUPS.map(({ origin, group }) => ({
          group,
          items: cases.filter((c) => c.origin === origin).map((c) => ({ value: `${origin}:${c.kase.id}`, label: `${c.kase.id} — ${c.kase.type}` })),
        })).filter((g) => g.items.length > 0)}
        value={current ? `${current.origin}:${current.kase.id}` : null}
        onChange={(value) => {
          const offered = cases.find((c) => `${c.origin}:${c.kase.id}` === value);
          if (offered) onChoose(offered.kase);
        }}
        allowDeselect={false}
      />
      <Text size="xs" c="dimmed">
        Drag a tile onto a {system} field, or press a tile and then the field.
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
