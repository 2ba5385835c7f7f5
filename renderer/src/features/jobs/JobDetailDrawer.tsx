import { Alert, Anchor, Badge, Drawer, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { JobView } from '../../../../shared/domain/job';
import { TEMPLATE_SCHEMAS } from '../../../../shared/connectors/template-schemas';
import type { ConnectorId } from '../../../../shared/domain/template';
import { formatTime } from '../../ui/log-format';
import { FieldRow } from '../../ui/FieldRow';
import { JobStateBadge } from '../../ui/JobStateBadge';
import { logFilterToQuery } from '../../ui/log-filter-query';
import { pageHref } from '../../ui/page-address';
import { AttemptTimeline } from '../../ui/AttemptTimeline';
import { describeAttempts } from '../../ui/attempts-words';
import { describeCountdown, useNow } from './countdown';
import { JobActions, type JobActionOutcome } from './JobActions';
import { CaseLink } from './JobsTable';
import { describeLastAction } from '../../ui/job-action-words';
import { ERROR_CLASS_LABELS } from './job-filter';
import { useJobDetail } from './use-job-detail';

/**
 * One job opened from the Jobs page (its address is `#/jobs/<id>`): its case, template and version,
 * state (who cancelled it, and when), the last thing a person did to it (retried, cancelled, queued), attempts used of those allowed, when it runs next, every
 * attempt the log recorded with its request and answer, and Retry now / Cancel. Escape closes it.
 */
export function JobDetailDrawer({ id, onClose, onOutcome }: { id: number | null; onClose: () => void; onOutcome: (outcome: JobActionOutcome) => void }) {
  const { detail, error, reload } = useJobDetail(id);
  const job = detail?.job;
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="xl" title={id !== null ? `Job ${id}` : ''} closeButtonProps={{ 'aria-label': 'Close the job' }}>
      {error && (
        <Alert color="red" role="alert" title="Could not open the job">
          {error}
        </Alert>
      )}
      {!job && !error && (
        <Group gap="xs" role="status">
          <Loader size="sm" />
          <Text size="sm">Loading the job…</Text>
        </Group>
      )}
      {job && detail && (
        <Stack gap="md">
          <JobActions job={job} size="sm" onAnswer={reload} onOutcome={onOutcome} />
          <Table aria-label="Job fields" withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              <FieldRow name="Case" value={<CaseLink caseId={job.caseId} />} />
              <FieldRow
                name="Template"
                value={
                  <>
                    {job.templateName ?? '(deleted template)'}, version {job.templateVersion}{' '}
                    <Text span size="xs" c="dimmed">
                      ({job.kind === 'create' ? 'creates' : 'updates'} a record in {systemOf(job)})
                    </Text>
                  </>
                }
              />
              <FieldRow name="State" value={<StateLine job={job} />} />
              {job.lastAction && <FieldRow name="By hand" value={<time dateTime={job.lastAction.at}>{describeLastAction(job.lastAction)}</time>} />}
              <FieldRow name="Attempts" value={describeAttempts(job)} />
              <FieldRow name="Next attempt" value={<NextAttempt job={job} />} />
              {job.result && <FieldRow name="Record made" value={job.result} mono />}
              {job.lastError && (
                <FieldRow
                  name="Last error"
                  value={
                    <>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {job.lastError}
                      </Text>
                      {job.lastErrorClass && (
                        <Badge size="xs" variant="outline" color="gray">
                          {ERROR_CLASS_LABELS[job.lastErrorClass] ?? job.lastErrorClass}
                        </Badge>
                      )}
                    </>
                  }
                />
              )}
              <FieldRow name="Queued" value={<time dateTime={job.createdAt}>{formatTime(job.createdAt)}</time>} />
            </Table.Tbody>
          </Table>
          <section aria-labelledby="job-detail-attempts">
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5" id="job-detail-attempts">
                Attempts
              </Title>
              <Anchor size="sm" href={`${pageHref('log')}?${logFilterToQuery({ jobId: job.id })}`}>
                See job {job.id} in the log
              </Anchor>
            </Group>
            {detail.attempts.length === 0 ? (
              <Text size="sm" c="dimmed">
                No attempt yet{job.attempts > 0 ? ' in the log (its entries may have been removed by the log’s retention)' : ''}.
              </Text>
            ) : (
              <AttemptTimeline attempts={detail.attempts} />
            )}
          </section>
        </Stack>
      )}
    </Drawer>
  );
}

/** The back office a job is sent to, by name. */
const systemOf = (job: JobView) => TEMPLATE_SCHEMAS[job.connector as ConnectorId]?.label ?? job.connector;

function StateLine({ job }: { job: JobView }) {
  return (
    <Group gap="xs">
      <JobStateBadge state={job.state} />
      {job.state === 'cancelled' && (
        <Text size="sm">
          by {job.cancelledBy ?? 'someone (not recorded: cancelled before casebridge kept who)'} at <time dateTime={job.updatedAt}>{formatTime(job.updatedAt)}</time>. It will not
          be sent unless retried.
        </Text>
      )}
    </Group>
  );
}

function NextAttempt({ job }: { job: JobView }) {
  const now = useNow();
  if (job.state === 'queued' && job.nextRunAt) {
    return (
      <>
        <time dateTime={job.nextRunAt}>{formatTime(job.nextRunAt)}</time> ({describeCountdown(job.nextRunAt, now)})
      </>
    );
  }
  const why: Record<JobView['state'], string> = {
    queued: 'Due now.',
    running: 'An attempt is running now.',
    succeeded: 'None: it succeeded.',
    failed: 'None: it failed in a way retrying on its own would not fix. Retry now when the cause is fixed.',
    dead: 'None: it used every attempt allowed. Retry now gives it a fresh set.',
    cancelled: 'None: it was cancelled. Retry now sends it after all.',
  };
  return <>{why[job.state]}</>;
}
