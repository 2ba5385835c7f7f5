import { Alert, Badge, Table, Text } from '@mantine/core';
import type { ApiAccessResult } from '../../../../shared/domain/tascomi';

function Access({ has, needed }: { has: boolean | null; needed: boolean }) {
  if (has === null)
    return (
      <Badge color="gray" variant="light">
        {needed ? 'not checked' : 'not needed'}
      </Badge>
    );
  if (has)
    return (
      <Badge color="green" variant="light">
        yes
      </Badge>
    );
  return needed ? (
    <Badge color="red">missing</Badge>
  ) : (
    <Badge color="gray" variant="outline">
      no (not needed)
    </Badge>
  );
}

/** The seed's API access table: View and Create & Update per table, marking what the key lacks. */
export function ApiAccessTable({ result }: { result: ApiAccessResult }) {
  const lacking = result.rows.filter((row) => row.lacking);
  return (
    <Alert
      color={result.ok ? 'green' : 'red'}
      role={result.ok ? 'status' : 'alert'}
      title={
        result.rows.length === 0
          ? `API access could not be checked: ${result.reason ?? 'no answer'}`
          : result.ok
            ? 'The API key has all the access the integration needs'
            : (result.reason ?? `The API key lacks access to ${lacking.length} ${lacking.length === 1 ? 'table' : 'tables'}: ask Tascomi to grant it`)
      }
    >
      {result.rows.length > 0 && (
        <Table aria-label="API access" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Table / resource name</Table.Th>
              <Table.Th>View</Table.Th>
              <Table.Th>Create &amp; Update</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.rows.map((row) => (
              <Table.Tr key={row.table} data-lacking={row.lacking || undefined}>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {row.table}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {row.label}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Access has={row.view} needed={row.required.view} />
                </Table.Td>
                <Table.Td>
                  <Access has={row.createUpdate} needed={row.required.createUpdate} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Alert>
  );
}
