import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** One named field of a detail (a log entry, a job): the name as the row's header, the value beside it. */
export function FieldRow({ name, value, mono }: { name: string; value: ReactNode; mono?: boolean }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={120} fw={500} c="dimmed" style={{ verticalAlign: 'top' }}>
        {name}
      </Table.Th>
      <Table.Td ff={mono ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
}
