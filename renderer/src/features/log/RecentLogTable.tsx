import { Badge, Table, Text } from '@mantine/core';
import type { LogEntry, LogLevel } from '../../../../shared/domain/log-entry';

const LEVEL_COLOURS: Record<LogLevel, string> = { debug: 'gray', info: 'blue', warn: 'yellow', error: 'red' };

/** `2025-11-23T12:53:02.123+00:00` -> `2025-11-23 12:53:02`: the engine already wrote it in its own zone. */
export function formatLogTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

export function RecentLogTable({ entries }: { entries: LogEntry[] }) {
  if (entries.length === 0) return <Text>No log entries yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="xs" captionSide="bottom" aria-label="Recent log entries">
        <Table.Caption>
          The newest {entries.length} {entries.length === 1 ? 'entry' : 'entries'}, newest first.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>Time</Table.Th>
            <Table.Th w={80}>Level</Table.Th>
            <Table.Th w={110}>Source</Table.Th>
            <Table.Th>Message</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td ff="monospace" fz="xs" style={{ whiteSpace: 'nowrap' }}>
                <time dateTime={entry.time} title={entry.time}>
                  {formatLogTime(entry.time)}
                </time>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={LEVEL_COLOURS[entry.level]}>
                  {entry.level}
                </Badge>
              </Table.Td>
              <Table.Td>{entry.source}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{entry.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
