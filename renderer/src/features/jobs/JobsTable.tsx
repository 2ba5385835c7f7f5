import { Anchor, Badge, Group, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { memo, useState } from 'react';
import type { JobFilter, JobView } from '../../../../shared/domain/job';
import { useApi } from '../../api/api-context';
import { openPage } from '../../shell/engine-sync';
import { useCasesStore } from '../../stores/cases-store';
import { formatTime } from '../../ui/log-format';
import { JobStateBadge } from '../../ui/JobStateBadge';
import { openPageItemInAddress, pageItemHref } from '../../ui/page-address';
import { describeAttempts } from '../../ui/attempts-words';
import { describeLastAction } from '../../ui/job-action-words';
import { describeCountdown, useNow } from './countdown';
import { JobActions, type JobActionOutcome } from './JobActions';
import { ERROR_CLASS_LABELS, filterStateOf, jobMatches } from './job-filter';

/** Longer last errors are cut to this on the row; the whole text is a click (or hover) away. */
const ERROR_PREVIEW_CHARS = 90;

export type { JobActionOutcome } from './JobActions';

/**
 * The jobs list, newest first: the job (a link that opens it), case, template version, state (with
 * the last thing a person did to it: "Retried by Sam Patel, 10:42"), attempts used of those allowed, the countdown to the next attempt and the last error, with Retry
 * now and Cancel (JobActions). A row that no longer matches the filter stays until the list reloads.
 */
export function JobsTable({
  jobs,
  filter,
  templateNames,
  onAnswer,
  onOutcome,
}: {
  jobs: JobView[];
  filter: JobFilter;
  /** Template names by id (null while loading), for jobs that arrived live without one. */
  templateNames: Map<number, string> | null;
  onAnswer: (job: JobView) => void;
  onOutcome: (outcome: JobActionOutcome) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table aria-label="Jobs" striped verticalSpacing="xs" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>Job</Table.Th>
            <Table.Th w={130}>Case</Table.Th>
            <Table.Th w={170}>Template</Table.Th>
            <Table.Th w={110}>State</Table.Th>
            <Table.Th w={90}>Attempts</Table.Th>
            <Table.Th w={120}>Next attempt</Table.Th>
            <Table.Th>Last error</Table.Th>
            <Table.Th w={160}>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => (
            <JobRow
              key={job.id}
              job={job}
              templateName={job.templateName ?? templateNames?.get(job.templateId) ?? (templateNames ? '(deleted template)' : `Template ${job.templateId}`)}
              stale={!jobMatches(job, filter)}
              onAnswer={onAnswer}
              onOutcome={onOutcome}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const JobRow = memo(function JobRow({
  job,
  templateName,
  stale,
  onAnswer,
  onOutcome,
}: {
  job: JobView;
  templateName: string;
  stale: boolean;
  onAnswer: (job: JobView) => void;
  onOutcome: (outcome: JobActionOutcome) => void;
}) {
  const state = filterStateOf(job);

  return (
    <Table.Tr aria-label={`Job ${job.id}`} style={stale ? { opacity: 0.6 } : undefined}>
      <Table.Td>
        <JobLink id={job.id} />
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        <CaseLink caseId={job.caseId} />
      </Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        {templateName}{' '}
        <Text span size="xs" c="dimmed">
          v{job.templateVersion}, {job.kind}
        </Text>
      </Table.Td>
      <Table.Td>
        {state === 'retrying' ? (
          <Badge size="sm" variant="light" color="yellow">
            retrying
          </Badge>
        ) : (
          <JobStateBadge state={job.state} />
        )}
        {job.lastAction ? (
          <Text size="xs" c="dimmed">
            {describeLastAction(job.lastAction)}
          </Text>
        ) : (
          job.state === 'cancelled' && (
            <Text size="xs" c="dimmed">
              by {job.cancelledBy ?? 'someone (not recorded)'}
            </Text>
          )
        )}
        {stale && (
          <Text size="xs" c="dimmed">
            no longer matches the filter
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <AttemptsCount job={job} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{job.state === 'queued' && job.nextRunAt ? <Countdown at={job.nextRunAt} /> : '—'}</Table.Td>
      <Table.Td>
        <LastError job={job} />
      </Table.Td>
      <Table.Td>
        <JobActions job={job} onAnswer={onAnswer} onOutcome={onOutcome} />
      </Table.Td>
    </Table.Tr>
  );
});

/** The job number, as a link that opens the job (its own address: a reload keeps it, Back closes it). */
function JobLink({ id }: { id: number }) {
  const item = String(id);
  return (
    <Anchor
      href={pageItemHref('jobs', item)}
      size="sm"
      ff="monospace"
      aria-label={`Open job ${id}`}
      onClick={(event) => {
        // The filter in the address stays (a plain href would drop it).
        event.preventDefault();
        openPageItemInAddress('jobs', item);
      }}
    >
      {id}
    </Anchor>
  );
}

/** "3 of 12", with what it means on hover and for a screen reader. */
function AttemptsCount({ job }: { job: JobView }) {
  const words = describeAttempts(job);
  return (
    <Tooltip label={words} multiline w={260}>
      <Text size="sm" aria-label={words} tabIndex={0} component="div">
        {job.attempts} of {job.maxAttempts}
        {job.attemptsAddedByHand > 0 && (
          <Text size="xs" c="dimmed">
            +{job.attemptsAddedByHand} by hand
          </Text>
        )}
      </Text>
    </Tooltip>
  );
}

/** Only the countdown cells follow the shared 1-second timer, not whole rows. */
function Countdown({ at }: { at: string }) {
  const text = describeCountdown(at, useNow());
  return (
    <Tooltip label={`At ${formatTime(at)}`}>
      <Text span size="sm" ff="monospace">
        {text}
      </Text>
    </Tooltip>
  );
}

/** The case, as a link that opens it on the Cases page (where its attempts and log are). */
export function CaseLink({ caseId }: { caseId: string }) {
  const api = useApi();
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      ff="monospace"
      style={{ textAlign: 'left', overflowWrap: 'anywhere' }}
      aria-label={`Open case ${caseId}`}
      onClick={() => {
        useCasesStore.getState().open(caseId);
        openPage(api, 'cases');
      }}
    >
      {caseId}
    </Anchor>
  );
}

/** The last error cut short on the row; the whole text on hover, or expanded in place (a keyboard can too). */
function LastError({ job }: { job: JobView }) {
  const [expanded, setExpanded] = useState(false);
  if (!job.lastError) return <>—</>;
  const long = job.lastError.length > ERROR_PREVIEW_CHARS;
  const text = long && !expanded ? `${job.lastError.slice(0, ERROR_PREVIEW_CHARS).trimEnd()}…` : job.lastError;
  const detail = [
    job.lastErrorClass ? (ERROR_CLASS_LABELS[job.lastErrorClass] ?? job.lastErrorClass) : null,
    job.outcomeUnknown ? 'may have reached the remote system: looked up before resending' : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div>
      <Text size="sm" c={job.state === 'succeeded' ? 'dimmed' : undefined} title={long && !expanded ? job.lastError : undefined} style={{ overflowWrap: 'anywhere' }}>
        {/* A succeeded job's error is history, not its state. */}
        {job.state === 'succeeded' && 'Before it succeeded: '}
        {text}
      </Text>
      <Group gap={6}>
        {detail && (
          <Text size="xs" c="dimmed">
            {detail}
          </Text>
        )}
        {long && (
          <UnstyledButton
            fz="xs"
            c="blue"
            onClick={() => setExpanded((e) => !e)}
            aria-expanded={expanded}
            aria-label={expanded ? `Show less of job ${job.id}'s error` : `Show all of job ${job.id}'s error`}
          >
            {expanded ? 'Show less' : 'Show all'}
          </UnstyledButton>
        )}
      </Group>
    </div>
  );
}
