import { Alert, Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { AccessBasis, ApiAccessResult } from '../../../../shared/domain/tascomi';
import { accessCell, accessTitle, hasInferred, INFERRED_EXPLAINED } from './api-access-view';

function Access({ has, needed, basis, what }: { has: boolean | null; needed: boolean; basis?: AccessBasis; what: string }) {
  const cell = accessCell(has, needed, basis);
  return (
    <Group gap={6} wrap="nowrap" data-known={cell.known} aria-label={`${what}: ${cell.answer}${cell.mark ? `, ${cell.known}` : ''}`}>
      <Badge color={cell.color} variant={cell.color === 'red' ? 'filled' : 'light'}>
        {cell.answer}
      </Badge>
      {cell.mark && (
        <Tooltip label={cell.how} multiline w={320}>
          <Text size="xs" fw={cell.known === 'inferred' ? 600 : 400} c={cell.known === 'inferred' ? 'orange.8' : 'dimmed'} title={cell.how}>
            {cell.mark}
          </Text>
        </Tooltip>
      )}
    </Group>
  );
}

/** The seed's API access table: View and Create & Update per table, marking what the key lacks. */
export function ApiAccessTable({ result, onConfirm }: { result: ApiAccessResult; onConfirm?: () => void }) {
  return (
    <Alert color={result.ok ? 'green' : 'red'} role={result.ok ? 'status' : 'alert'} title={accessTitle(result)}>
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
                  <Access has={row.view} needed={row.required.view} basis={row.viewBasis} what={`${row.table} View`} />
                </Table.Td>
                <Table.Td>
                  <Access has={row.createUpdate} needed={row.required.createUpdate} basis={row.createUpdateBasis} what={`${row.table} Create & Update`} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {hasInferred(result) && (
        <Stack gap={6} mt="xs">
          {result.inference && <Text size="sm">{result.inference}</Text>}
          <Text size="xs" c="dimmed">
            {INFERRED_EXPLAINED}
          </Text>
          {onConfirm && (
            <Group>
              <Button variant="outline" color="orange" size="xs" onClick={onConfirm}>
                Confirm write access
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Alert>
  );
}
