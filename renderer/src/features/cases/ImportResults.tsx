import { Alert, Anchor, Badge, CloseButton, Group, List, Table, Text } from '@mantine/core';
import type { CaseReceipt } from '../../../../shared/domain/case-view';
import type { ImportOutcome } from '../../stores/cases-store';

const OUTCOME_COLOURS: Record<CaseReceipt['outcome'], string> = { created: 'green', updated: 'blue', unchanged: 'gray', invalid: 'red' };
const OUTCOME_LABELS: Record<CaseReceipt['outcome'], string> = { created: 'new', updated: 'updated', unchanged: 'unchanged', invalid: 'refused' };

function summarise({ fileName, receipts }: ImportOutcome): string {
  const count = (o: CaseReceipt['outcome']) => receipts.filter((r) => r.outcome === o).length;
  const stored = receipts.length - count('invalid');
  const jobs = receipts.reduce((n, r) => n + r.jobIds.length, 0);
  return `'${fileName}': ${stored} of ${receipts.length} ${receipts.length === 1 ? 'case' : 'cases'} stored (${count('created')} new, ${count('updated')} updated, ${count('unchanged')} unchanged), ${count('invalid')} refused; ${jobs} ${jobs === 1 ? 'job' : 'jobs'} queued.`;
}

/** Each case of an imported file: stored or refused, and for a refused one every issue by its path. */
export function ImportResults({ outcome, onOpen, onDismiss }: { outcome: ImportOutcome; onOpen: (id: string) => void; onDismiss: () => void }) {
  const refused = outcome.receipts.some((r) => r.outcome === 'invalid');
  return (
    <Alert color={refused ? 'yellow' : 'green'} role="status" aria-label="Import results">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text fw={500}>{summarise(outcome)}</Text>
        <CloseButton aria-label="Dismiss the import results" onClick={onDismiss} />
      </Group>
      <Table.ScrollContainer minWidth={600} mt="xs">
        <Table aria-label="Imported cases" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>Item</Table.Th>
              <Table.Th>Case</Table.Th>
              <Table.Th w={110}>Outcome</Table.Th>
              <Table.Th>Issues</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {outcome.receipts.map((r) => (
              <Table.Tr key={r.index}>
                {/* Counted from 1, as a person counts the cases in the file. */}
                <Table.Td>{r.index + 1}</Table.Td>
                <Table.Td ff="monospace">
                  {r.outcome !== 'invalid' && r.caseId ? (
                    <Anchor component="button" type="button" onClick={() => onOpen(r.caseId!)} title={`Open case ${r.caseId}`}>
                      {r.caseId}
                    </Anchor>
                  ) : (
                    (r.caseId ?? '(no id)')
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={OUTCOME_COLOURS[r.outcome]}>
                    {OUTCOME_LABELS[r.outcome]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {r.issues?.length ? (
                    <List size="sm" aria-label={`Issues of item ${r.index + 1}`}>
                      {r.issues.map((issue, i) => (
                        <List.Item key={i}>
                          <Text span ff="monospace" size="sm">
                            {issue.path || '(the case)'}
                          </Text>
                          : {issue.message}
                        </List.Item>
                      ))}
                    </List>
                  ) : r.jobIds.length > 0 ? (
                    `Jobs queued: ${r.jobIds.join(', ')}`
                  ) : (
                    ''
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Alert>
  );
}
