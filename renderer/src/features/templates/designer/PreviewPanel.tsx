import { List, Stack, Table, Text, Title } from '@mantine/core';
import type { ConnectorId } from '../../../../../shared/domain/template';
import { RefusalAlert } from '../../../ui/RefusalAlert';
import { payloadLabel } from './source-summary';
import type { PreviewState } from './use-live-preview';

/** The right column: exactly what would be sent for the chosen case, and what is wrong. */
export function PreviewPanel({ connector, preview }: { connector: ConnectorId; preview: PreviewState }) {
  return (
    <Stack gap="xs" component="section" aria-label="Preview">
      <Title order={2} size="h4">
        Preview
      </Title>
      {preview.status === 'idle' && (
        <Text size="sm" c="dimmed">
          Choose a sample case to preview.
        </Text>
      )}
      {preview.status === 'failed' && <RefusalAlert error={preview.error} title="No preview" />}
      {preview.status === 'ready' && (
        <>
          {Object.keys(preview.result.payload).length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing would be sent yet.
            </Text>
          ) : (
            <Table aria-label="Payload" withRowBorders>
              <Table.Tbody>
                {Object.entries(preview.result.payload).map(([key, value]) => (
                  <Table.Tr key={key}>
                    <Table.Th scope="row" fw={500} w="40%">
                      {payloadLabel(connector, key)}
                    </Table.Th>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {preview.result.skippedRows.length > 0 && (
            <Text size="xs" c="dimmed">
              Not applied to this case (Request Code condition): rows {preview.result.skippedRows.join(', ')}.
            </Text>
          )}
          {preview.result.problems.length === 0 ? (
            <Text size="sm" c="green">
              No problems.
            </Text>
          ) : (
            <List size="sm" c="red" aria-label="Problems">
              {preview.result.problems.map((p, i) => (
                <List.Item key={i}>{p.message}</List.Item>
              ))}
            </List>
          )}
        </>
      )}
    </Stack>
  );
}
