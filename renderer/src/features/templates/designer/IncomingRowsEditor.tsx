import { ActionIcon, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { templateSchema } from '../../../../../shared/connectors/template-schemas';
import type { ConnectorId, IncomingRow } from '../../../../../shared/domain/template';
import { newRowId } from './draft-edits';

/** An incoming template's rows: a field of the remote record (a Tascomi Service Request) read back into a case field. */
export function IncomingRowsEditor({
  connector,
  rows,
  saveErrors,
  onChange,
}: {
  connector: ConnectorId;
  rows: IncomingRow[];
  saveErrors: Map<number, string[]>;
  onChange: (rows: IncomingRow[]) => void;
}) {
  const schema = templateSchema(connector);
  const remoteFields = schema.incoming.map((f) => ({ value: f.key, label: f.label }));
  const recordField = `${schema.recordName.charAt(0).toUpperCase()}${schema.recordName.slice(1)} field`;
  const update = (id: string, change: Partial<IncomingRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...change } : r)));
  return (
    <Stack gap="xs" component="section" aria-label="Incoming rows">
      <Title order={2} size="h4">
        Rows: {recordField} → case field
      </Title>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No rows yet.
        </Text>
      )}
      {rows.map((row, i) => (
        <Stack key={row.id} gap={2} role="group" aria-label={`Row ${i + 1}`}>
          <Group gap="xs" align="flex-end">
            <Select label={recordField} data={remoteFields} value={row.remoteField} onChange={(v) => v && update(row.id, { remoteField: v })} allowDeselect={false} />
            <TextInput label="Case field" value={row.caseField} onChange={(e) => update(row.id, { caseField: e.currentTarget.value })} />
            <ActionIcon variant="subtle" color="red" mb={4} aria-label={`Remove row ${i + 1}`} onClick={() => onChange(rows.filter((r) => r.id !== row.id))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
          {(saveErrors.get(i) ?? []).map((m, k) => (
            <Text key={k} size="xs" c="red">
              {m}
            </Text>
          ))}
        </Stack>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...rows, { id: newRowId(), remoteField: remoteFields[0]?.value ?? 'id', caseField: '' }])}
        >
          Add row
        </Button>
      </Group>
    </Stack>
  );
}
