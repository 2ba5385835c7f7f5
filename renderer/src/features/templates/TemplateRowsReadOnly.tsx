import { List, Text } from '@mantine/core';
import type { Template } from '../../../../shared/domain/template';
import { describeSource, describeTarget } from './designer/source-summary';

/** One version's rows as sentences, for reading an old version without editing it. */
export function TemplateRowsReadOnly({ template }: { template: Template }) {
  if (template.rows.length === 0) return <Text c="dimmed">No rows.</Text>;
  return (
    <List type="ordered" aria-label={`Rows of version ${template.version}`}>
      {template.type === 'incoming'
        ? template.rows.map((row) => <List.Item key={row.id}>{`Remote field '${row.remoteField}' → case field '${row.caseField}'`}</List.Item>)
        : template.rows.map((row) => (
            <List.Item key={row.id}>
              {`${describeTarget(template.connector, row.target)} ← ${describeSource(row.source)}`}
              {row.onlyForRequestCodes?.length ? ` (only for Request Codes ${row.onlyForRequestCodes.join(', ')})` : ''}
              {row.personal ? ' (marked personal)' : ''}
            </List.Item>
          ))}
    </List>
  );
}
