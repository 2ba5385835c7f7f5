import { Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { Case } from '../../../../../shared/domain/case';
import type { ConnectorId } from '../../../../../shared/domain/template';
import { RefusalAlert } from '../../../ui/RefusalAlert';
import { IssueIcon } from './IssueIcon';
import { previewIssues } from './preview-issues';
import { payloadLabel } from './source-summary';
import type { PreviewState } from './use-live-preview';

interface Props {
  connector: ConnectorId;
  preview: PreviewState;
  /** The case shown, and why it was chosen. */
  sample: { kase: Case; why: string } | null;
}

/** The right column: exactly what would be sent for the chosen case, and what is wrong. */
export function PreviewPanel({ connector, preview, sample }: Props) {
  const issues = preview.status === 'ready' ? previewIssues(preview.result) : [];
  return (
    <Stack gap="xs" component="section" aria-label="Preview">
      <Title order={2} size="h4">
        Preview
      </Title>
      {sample && (
        <Text size="sm">
          <b>
            Case {sample.kase.id} ({sample.kase.type})
          </b>
          : {sample.why}.
        </Text>
      )}
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
          {issues.length === 0 ? (
            // Green on the icon, not the words: green text on white falls short of 4.5:1 contrast.
            <Group gap={6} wrap="nowrap">
              <IconCircleCheck size={14} aria-hidden style={{ flex: 'none', color: 'var(--mantine-color-green-text)' }} />
              <Text size="sm">No problems.</Text>
            </Group>
          ) : (
            <List size="sm" aria-label="Problems" spacing={4} center>
              {issues.map((issue, i) => (
                <List.Item key={i} icon={<IssueIcon kind={issue.kind} />}>
                  {issue.message}
                </List.Item>
              ))}
            </List>
          )}
        </>
      )}
    </Stack>
  );
}
