import { ActionIcon, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { emptyFieldRow, type FieldKind, type FieldRow, type FormErrors } from './case-form';

const KINDS: { value: FieldKind; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'empty', label: 'Empty (null)' },
];

/** The case's fields as name/value rows; each value has a kind, as the CRM sends text, numbers and yes/no. */
export function FieldRowsEditor({ rows, errors, onChange }: { rows: FieldRow[]; errors: FormErrors; onChange: (rows: FieldRow[]) => void }) {
  const update = (key: string, change: Partial<FieldRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <Stack gap="xs">
      {rows.length === 0 && (
        <Text c="dimmed" size="sm">
          No fields.
        </Text>
      )}
      {rows.map((row, i) => {
        const n = i + 1;
        return (
          <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap" role="group" aria-label={`Field ${n}`}>
            <TextInput
              aria-label={`Field ${n} name`}
              placeholder="name, e.g. waste_type"
              value={row.name}
              onChange={(e) => update(row.key, { name: e.currentTarget.value })}
              error={errors[`fields.${row.key}.name`]}
              w={220}
              spellCheck={false}
            />
            <NativeSelect
              aria-label={`Field ${n} kind`}
              data={KINDS}
              value={row.kind}
              onChange={(e) => {
                const kind = e.currentTarget.value as FieldKind;
                update(row.key, { kind, value: kind === 'boolean' ? 'true' : kind === 'empty' ? '' : row.value });
              }}
              w={130}
            />
            {row.kind === 'boolean' ? (
              <NativeSelect
                aria-label={`Field ${n} value`}
                data={['true', 'false']}
                value={row.value}
                onChange={(e) => update(row.key, { value: e.currentTarget.value })}
                style={{ flex: 1 }}
              />
            ) : (
              <TextInput
                aria-label={`Field ${n} value`}
                placeholder={row.kind === 'empty' ? '(no value)' : 'value'}
                disabled={row.kind === 'empty'}
                inputMode={row.kind === 'number' ? 'decimal' : undefined}
                value={row.value}
                onChange={(e) => update(row.key, { value: e.currentTarget.value })}
                error={errors[`fields.${row.key}.value`]}
                style={{ flex: 1 }}
              />
            )}
            <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove field ${n}`} onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      <Group>
        <Button variant="light" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...rows, emptyFieldRow()])}>
          Add field
        </Button>
      </Group>
    </Stack>
  );
}
