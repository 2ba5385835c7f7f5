import { Button, Group, Table, Text } from '@mantine/core';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { templateKindLabel } from '../../ui/template-type-labels';
import { formatLogTime } from '../../ui/time-format';
import { usePermission } from '../../stores/me-store';

export type TemplateAction = 'open' | 'duplicate' | 'rename' | 'delete' | 'history' | 'export';
/** `changes`: the action changes templates, so only a role with 'templates' is offered it. */
const ACTIONS: { action: TemplateAction; label: string; changes?: true }[] = [
  { action: 'open', label: 'Open' },
  { action: 'duplicate', label: 'Duplicate', changes: true },
  { action: 'rename', label: 'Rename', changes: true },
  { action: 'history', label: 'Version history' },
  { action: 'export', label: 'Export' },
  { action: 'delete', label: 'Delete', changes: true },
];

export function TemplateListTable({ templates, onAction }: { templates: TemplateSummary[]; onAction: (action: TemplateAction, t: TemplateSummary) => void }) {
  const mayChange = usePermission('templates');
  const actions = ACTIONS.filter(({ changes }) => mayChange || !changes);
  if (templates.length === 0) return <Text c="dimmed">No templates yet. Create one with New, or import a template file.</Text>;
  return (
    <Table aria-label="Templates" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Reference</Table.Th>
          <Table.Th>Version</Table.Th>
          <Table.Th>Saved at</Table.Th>
          <Table.Th>Actions</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {templates.map((t) => (
          <Table.Tr key={t.id}>
            <Table.Td>{t.name}</Table.Td>
            <Table.Td>{templateKindLabel(t.connector, t.type)}</Table.Td>
            <Table.Td>{t.reference}</Table.Td>
            <Table.Td>{t.version}</Table.Td>
            <Table.Td>{formatLogTime(t.savedAt)}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                {actions.map(({ action, label }) => (
                  <Button
                    key={action}
                    size="compact-xs"
                    variant={action === 'open' ? 'filled' : 'light'}
                    color={action === 'delete' ? 'red' : undefined}
                    onClick={() => onAction(action, t)}
                  >
                    {label}
                  </Button>
                ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
