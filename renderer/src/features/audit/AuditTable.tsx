import { Alert, Button, Group, Loader, Table, Text } from '@mantine/core';
import { ACCESS_ACTION_LABELS } from '../../../../shared/domain/access-audit';
import { formatLogTime } from '../../ui/log-format';
import type { AuditPages } from './use-audit-pages';

/** The audit's entries as loaded, newest first, read-only, with "Load more" while there are older ones. */
export function AuditTable({ pages, emptyText }: { pages: AuditPages; emptyText: string }) {
  if (pages.status === 'loading' && pages.rows.length === 0)
    return (
      <Group gap="xs" role="status">
        <Loader size="sm" />
        <Text size="sm">Loading the audit…</Text>
      </Group>
    );
  return (
    <>
      {pages.error && (
        <Alert color="red" role="alert" title="Could not read the access audit">
          {pages.error}
        </Alert>
      )}
      {pages.status === 'ready' && pages.rows.length === 0 ? (
        <Text c="dimmed">{emptyText}</Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table aria-label="Access audit" aria-busy={pages.status === 'loading'} striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={160}>Time</Table.Th>
                <Table.Th w={180}>Who</Table.Th>
                <Table.Th w={190}>Action</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th w={140}>Case</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {pages.rows.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td ff="monospace" fz="xs" style={{ whiteSpace: 'nowrap' }}>
                    <time dateTime={entry.time}>{formatLogTime(entry.time)}</time>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{entry.who}</Table.Td>
                  <Table.Td>{ACCESS_ACTION_LABELS[entry.action]}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{entry.subject}</Table.Td>
                  <Table.Td ff="monospace" fz="sm" style={{ overflowWrap: 'anywhere' }}>
                    {entry.caseId ?? ''}
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{entry.reason ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages.hasMore && (
        <Group>
          <Button variant="default" onClick={pages.loadMore} loading={pages.loadingMore}>
            Load more
          </Button>
        </Group>
      )}
    </>
  );
}
