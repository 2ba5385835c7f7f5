import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { emptyDateRow, type DateRow, type FormErrors } from './case-form';

/** The case's dates as name/value rows; the engine checks each is ISO 8601 with an offset. */
export function DateRowsEditor({ rows, errors, onChange }: { rows: DateRow[]; errors: FormErrors; onChange: (rows: DateRow[]) => void }) {
  const update = (key: string, change: Partial<DateRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <Stack gap="xs">
      {rows.length === 0 && (
        <Text c="dimmed" size="sm">
          No dates.
        </Text>
      )}
      {rows.map((row, i) => {
        const n = i + 1;
        return (
          <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap" role="group" aria-label={`Date ${n}`}>
            <TextInput
              aria-label={`Date ${n} name`}
              placeholder="name, e.g. reported"
              value={row.name}
              onChange={(e) => update(row.key, { name: e.currentTarget.value })}
              error={errors[`dates.${row.key}.name`]}
              w={220}
              spellCheck={false}
            />
            <TextInput
              aria-label={`Date ${n} value`}
              placeholder="2026-03-29T09:15:00+01:00"
              value={row.value}
              onChange={(e) => update(row.key, { value: e.currentTarget.value })}
              error={errors[`dates.${row.key}.value`]}
              style={{ flex: 1 }}
              spellCheck={false}
            />
            <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove date ${n}`} onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      <Group>
        <Button variant="light" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...rows, emptyDateRow()])}>
          Add date
        </Button>
      </Group>
    </Stack>
  );
}
