import { Anchor, Table, Text } from '@mantine/core';
import { TEMPLATE_SCHEMAS } from '../../../../shared/connectors/template-schemas';
import type { JobView } from '../../../../shared/domain/job';
import type { ConnectorId } from '../../../../shared/domain/template';
import { formatTime } from '../../ui/log-format';
import { JobStateBadge } from '../../ui/JobStateBadge';
import { pageItemHref } from '../../ui/page-address';
import { describeAttempts } from '../../ui/attempts-words';

/** The back office a job is sent to, by name ("Tascomi", "Civica Cx"). */
const systemOf = (job: JobView) => TEMPLATE_SCHEMAS[job.connector as ConnectorId]?.label ?? job.connector;

/** Jobs for the case, newest first: what was sent, how it went and what happens next; a job's number opens it on the Jobs page. */
export function CaseJobsTable({ jobs }: { jobs: JobView[] }) {
  if (jobs.length === 0) return <Text c="dimmed">No jobs yet: a rule queues them when the case arrives, or use Apply template.</Text>;
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table aria-label="Jobs" striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Job</Table.Th>
            <Table.Th>Template</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Attempts</Table.Th>
            <Table.Th>Next attempt</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>Last error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => (
            <Table.Tr key={job.id}>
              <Table.Td>
                <Anchor href={pageItemHref('jobs', String(job.id))} size="sm" ff="monospace" title={`Open job ${job.id} on the Jobs page`}>
                  {job.id}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {job.templateName ?? '(deleted template)'}{' '}
                <Text span size="xs" c="dimmed">
                  v{job.templateVersion}, {job.kind}
                </Text>
              </Table.Td>
              <Table.Td>
                <JobStateBadge state={job.state} />
                {job.state === 'cancelled' && (
                  <Text size="xs" c="dimmed">
                    by {job.cancelledBy ?? 'someone (not recorded)'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }} title={describeAttempts(job)}>
                {job.attempts} of {job.maxAttempts}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{job.state === 'queued' || job.state === 'failed' ? formatTime(job.nextRunAt) : '—'}</Table.Td>
              <Table.Td ff="monospace">{job.result ?? '—'}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                {job.lastError ? (
                  <>
                    {job.lastError}
                    {job.lastErrorClass && (
                      <Text size="xs" c="dimmed">
                        {job.lastErrorClass}
                        {job.outcomeUnknown ? ` · may have reached ${systemOf(job)}: checked before resending` : ''}
                      </Text>
                    )}
                  </>
                ) : (
                  '—'
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
