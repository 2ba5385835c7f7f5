import { Stack, Text, Title } from '@mantine/core';
import { templateSchema } from '../../../../../shared/connectors/template-schemas';
import type { ConnectorId, EvaluationResult, OutgoingRow, Target, TemplateType } from '../../../../../shared/domain/template';
import { AddExtraFieldForm } from './AddExtraFieldForm';
import { mappedTargetKeys } from './draft-edits';
import { describeSource, targetKey } from './source-summary';
import { TargetButton } from './TargetButton';

interface Props {
  connector: ConnectorId;
  type: TemplateType;
  rows: OutgoingRow[];
  preview: EvaluationResult | null;
  onPress: (target: Target) => void;
  onAddExtra: (name: string) => void;
}

/** The middle column: the connector's fields by group, then (where it takes them) the additional fields this template adds. */
export function TargetFields({ connector, type, rows, preview, onPress, onAddExtra }: Props) {
  const schema = templateSchema(connector);
  const mapped = mappedTargetKeys(rows);
  const mappedFrom = (target: Target) => {
    const row = rows.findLast((r) => targetKey(r.target) === targetKey(target));
    return row ? describeSource(row.source) : null;
  };
  // Row problems show at their rows; what is left here is about the target as a whole.
  const problemsOf = (key: string) => (preview?.problems ?? []).filter((p) => p.rowId === null && p.target === key);
  const extras = [...new Set(rows.flatMap((r) => (r.target.kind === 'extra' ? [r.target.name] : [])))];

  return (
    <Stack gap="sm" component="section" aria-label={`${schema.label} fields`}>
      <Title order={2} size="h4">
        {schema.label} fields
      </Title>
      {schema.groups.map((group) => (
        <Stack key={group.id} gap={4} role="group" aria-label={group.label}>
          <Text size="sm" fw={600} title={group.description}>
            {group.label}
          </Text>
          {schema.fields
            .filter((f) => f.group === group.id)
            .map((f) => (
              <TargetButton
                key={f.key}
                target={{ kind: 'schema', key: f.key }}
                label={f.label}
                hint={f.hint}
                required={type === 'create' && f.requiredForCreate && !mapped.has(f.key)}
                mappedFrom={mappedFrom({ kind: 'schema', key: f.key })}
                problems={problemsOf(f.key)}
                onPress={onPress}
              />
            ))}
        </Stack>
      ))}
      {schema.extraFields && (
        <Stack gap={4} role="group" aria-label="Additional fields">
          <Text size="sm" fw={600}>
            Additional fields
          </Text>
          {extras.map((name) => (
            <TargetButton
              key={name}
              target={{ kind: 'extra', name }}
              label={name}
              required={false}
              mappedFrom={mappedFrom({ kind: 'extra', name })}
              problems={problemsOf(name)}
              onPress={onPress}
            />
          ))}
          <AddExtraFieldForm system={schema.label} taken={extras} onAdd={onAddExtra} />
        </Stack>
      )}
    </Stack>
  );
}
