import { Button, Code, Group, Switch, Table, Text } from '@mantine/core';
import type { Rule } from '../../../../shared/domain/rule';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { RULE_EVENT_LABELS } from './rule-form';
import { Permitted } from '../../ui/Permitted';
import { usePermission } from '../../stores/me-store';

export function RuleListTable({
  rules,
  templates,
  switching,
  onEdit,
  onDelete,
  onToggle,
}: {
  rules: Rule[];
  templates: TemplateSummary[];
  /** Rules whose enabled switch is being saved. */
  switching: ReadonlySet<number>;
  onEdit: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
  onToggle: (rule: Rule, enabled: boolean) => void;
}) {
  const names = new Map(templates.map((t) => [t.id, t.name]));
  // A role without 'templates' still sees whether each rule is on, but cannot switch it.
  const mayChange = usePermission('templates');
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table aria-label="Rules" striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Case type</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>Only if</Table.Th>
            <Table.Th>Template</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((rule) => {
            const templateName = names.get(rule.templateId);
            return (
              <Table.Tr key={rule.id}>
                <Table.Td>{rule.name}</Table.Td>
                <Table.Td>{rule.caseType}</Table.Td>
                <Table.Td>{RULE_EVENT_LABELS[rule.on]}</Table.Td>
                <Table.Td>
                  {rule.condition ? (
                    <Text size="sm">
                      <Code>{rule.condition.field}</Code> is '{rule.condition.equals}'
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      always
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {templateName ?? (
                    <Text size="sm" c="red">
                      template {rule.templateId} is missing
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`Enabled: ${rule.name}`}
                    checked={rule.enabled}
                    disabled={switching.has(rule.id) || !mayChange}
                    onChange={(e) => onToggle(rule, e.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>
                  <Permitted to="templates">
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="light" onClick={() => onEdit(rule)} aria-label={`Edit ${rule.name}`}>
                        Edit
                      </Button>
                      <Button size="compact-xs" variant="light" color="red" onClick={() => onDelete(rule)} aria-label={`Delete ${rule.name}`}>
                        Delete
                      </Button>
                    </Group>
                  </Permitted>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
