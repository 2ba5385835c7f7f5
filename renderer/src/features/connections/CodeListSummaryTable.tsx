import { Alert, Table } from '@mantine/core';
import type { CodeListSummary } from '../../../../shared/domain/tascomi';
import { formatLogTime } from '../../ui/time-format';

/** What each code list holds after a refresh, and when it was read. */
export function CodeListSummaryTable({ lists }: { lists: CodeListSummary[] }) {
  return (
    <Alert color="green" role="status" title="Code lists read again from Tascomi">
      <Table aria-label="Code lists" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Code list</Table.Th>
            <Table.Th ta="right">Entries</Table.Th>
            <Table.Th>Read at</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lists.map((list) => (
            <Table.Tr key={list.name}>
              <Table.Td>{list.label}</Table.Td>
              <Table.Td ta="right">{list.count}</Table.Td>
              <Table.Td ff="monospace" fz="xs">
                {formatLogTime(list.fetchedAt)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}
