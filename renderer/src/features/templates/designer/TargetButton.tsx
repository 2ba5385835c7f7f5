import { useDroppable } from '@dnd-kit/core';
import { Badge, Box, Group, Text, UnstyledButton } from '@mantine/core';
import type { MappingProblem, Target } from '../../../../../shared/domain/template';
import { targetKey } from './source-summary';

interface Props {
  target: Target;
  label: string;
  /** What the field takes, shown as a tooltip. */
  hint?: string;
  required: boolean;
  mappedFrom: string | null;
  problems: MappingProblem[];
  onPress: (target: Target) => void;
}

/** A field of the remote system: a drop zone for tiles, and a button that takes the picked tile. */
export function TargetButton({ target, label, hint, required, mappedFrom, problems, onPress }: Props) {
  const key = targetKey(target);
  const { setNodeRef, isOver } = useDroppable({ id: `target:${key}`, data: { target } });
  const problemId = `target-problems-${key.replace(/[^a-z0-9_-]/gi, '-')}`;
  return (
    <Box>
      <UnstyledButton
        ref={setNodeRef}
        onClick={() => onPress(target)}
        aria-describedby={problems.length ? problemId : undefined}
        data-target={key}
        title={hint}
        px="xs"
        py={4}
        w="100%"
        style={{
          border: `1px ${isOver ? 'solid var(--mantine-color-blue-6)' : 'dashed var(--mantine-color-default-border)'}`,
          borderRadius: 'var(--mantine-radius-sm)',
          background: isOver ? 'var(--mantine-color-blue-light)' : mappedFrom ? 'var(--mantine-color-default-hover)' : undefined,
        }}
      >
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Text size="sm">{label}</Text>
          {required && (
            <Badge size="xs" color="orange" variant="light">
              required
            </Badge>
          )}
        </Group>
        {mappedFrom && (
          <Text size="xs" c="dimmed" truncate>
            ← {mappedFrom}
          </Text>
        )}
      </UnstyledButton>
      {problems.length > 0 && (
        <Box id={problemId}>
          {problems.map((p, i) => (
            <Text key={i} size="xs" c="red">
              {p.message}
            </Text>
          ))}
        </Box>
      )}
    </Box>
  );
}
