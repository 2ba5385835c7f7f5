import { Table, Text } from '@mantine/core';

/** The case's References: the numbers of the records made for it in back-office systems. */
export function CaseReferencesTable({ references }: { references: Record<string, string> }) {
  const entries = Object.entries(references);
  if (entries.length === 0) return <Text c="dimmed">No references yet: a record number appears here when a job creates one.</Text>;
  return (
    <Table aria-label="References" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Reference</Table.Th>
          <Table.Th>Record number</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th scope="row" fw={500}>
              {name}
            </Table.Th>
            <Table.Td ff="monospace">{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
