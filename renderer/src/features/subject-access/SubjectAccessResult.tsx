import { Alert, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { countsInWords, type SubjectAccessSearch } from '../../../../shared/domain/subject-access';
import { formatLogTime } from '../../ui/log-format';
import { ExportSubjectAccessButton } from './ExportSubjectAccessButton';
import { matchedInWords, timeOfDay } from './subject-access-form';

/** A search as it goes: how far it has got, then what it found (to check) with the export, or why it failed. */
export function SubjectAccessResult({ search }: { search: SubjectAccessSearch }) {
  if (search.state === 'searching') {
    const { done, total } = search.progress;
    const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
    return (
      <Stack gap={4} maw={420}>
        <Text size="sm" role="status">
          Searching every case and log entry: {percent}% looked at.
        </Text>
        <Progress value={percent} aria-label="Search progress" animated />
      </Stack>
    );
  }
  if (search.state === 'failed') {
    return (
      <Alert color="red" role="alert" title="The search did not finish">
        {search.message}
      </Alert>
    );
  }
  return (
    <Stack gap="sm" component="section" aria-labelledby="subject-access-found">
      <Title order={2} size="h3" id="subject-access-found">
        Found
      </Title>
      <Text role="status">
        {countsInWords(search.counts)}. Check the cases below are the person’s before exporting; the search is kept for export until {timeOfDay(search.expiresAt)}.
      </Text>
      {search.cases.length === 0 ? (
        <Text c="dimmed">No case names this person. The export still makes a file that says what was searched and that nothing was found.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Cases found" striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Case</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Received</Table.Th>
                <Table.Th>Found by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {search.cases.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td ff="monospace">{c.id}</Table.Td>
                  <Table.Td>{c.type}</Table.Td>
                  <Table.Td>{c.status || '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatLogTime(c.receivedAt)}</Table.Td>
                  <Table.Td>{matchedInWords(c.matchedBy)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ExportSubjectAccessButton key={search.requestId} requestId={search.requestId} records={search.items} />
    </Stack>
  );
}
