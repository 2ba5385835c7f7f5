import { Badge, Table, Text } from '@mantine/core';
import type { LogEntry, LogLevel } from '../../../../shared/domain/log-entry';
import { formatTime } from '../../ui/log-format';

const LEVEL_COLOURS: Record<LogLevel, string> = { debug: 'gray', info: 'blue', warn: 'yellow', error: 'red' };

/** The case's own log, newest first. */
export function CaseLogTable({ entries }: { entries: LogEntry[] }) {
  if (entries.length === 0) return <Text c="dimmed">Nothing logged for this case yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label="Case log" striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>Time</Table.Th>
            <Table.Th w={80}>Level</Table.Th>
            <Table.Th w={70}>Job</Table.Th>
            <Table.Th>Message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td ff="monospace" fz="xs" style={{ whiteSpace: 'nowrap' }}>
                <time dateTime={entry.time}>{formatTime(entry.time)}</time>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={LEVEL_COLOURS[entry.level]}>
                  {entry.level}
                </Badge>
              </Table.Td>
              <Table.Td ff="monospace">{entry.jobId ?? ''}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{entry.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
