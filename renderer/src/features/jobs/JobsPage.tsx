import { Alert, Anchor, Button, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type ConnectorId, type JobFilterState } from '../../../../shared/domain/job';
import { Page } from '../../shell/Page';
import { openPageItemInAddress, pageHref, pageItemHref } from '../../ui/page-address';
import { usePageItem } from '../../ui/use-page-item';
import { BulkRetry } from './BulkRetry';
import { DroppedFilterAlert } from '../../ui/DroppedFilterAlert';
import { isEmptyFilter } from '../../ui/filter-query';
import { JOB_FILTER_CODEC } from '../../ui/job-filter-query';
import { useFilterInAddress } from '../../ui/use-filter-in-address';
import { jobMatches } from './job-filter';
import { JobDetailDrawer } from './JobDetailDrawer';
import { JobsFilterBar } from './JobsFilterBar';
import { JobsPager } from './JobsPager';
import { JobsTable, type JobActionOutcome } from './JobsTable';
import { OutcomesChart } from './OutcomesChart';
import { QueuesSection } from './QueuesSection';
import { useJobsList } from './use-jobs-list';
import { useTemplates } from '../../ui/use-templates';
import { Permitted } from '../../ui/Permitted';
import { AlertDeliveriesSection } from './AlertDeliveriesSection';

export function JobsPage() {
  const { filter, setFilter, replaceFilter, barKey, dropped, dismissDropped } = useFilterInAddress('jobs', JOB_FILTER_CODEC);
  const [outcome, setOutcome] = useState<JobActionOutcome | null>(null);
  // The job open in the address (#/jobs/42); anything that is not a job number opens nothing.
  const [openItem, openJob] = usePageItem('jobs');
  const openJobId = openItem !== null && /^[1-9]\d{0,15}$/.test(openItem) ? Number(openItem) : null;
  // An action's outcome belongs to the list it was taken on: another filter is another list.
  useEffect(() => setOutcome(null), [filter]);
  const list = useJobsList(filter);
  const { templates, error: templatesError, refresh: refreshTemplates } = useTemplates();
  const templateNames = useMemo(() => (templates ? new Map(templates.map((t) => [t.id, t.name])) : null), [templates]);
  // A job that arrived live names a template saved since the list was read: read the templates again (once per id).
  const askedFor = useRef(new Set<number>());
  useEffect(() => {
    if (!templateNames) return;
    const unknown = list.loaded.rows.find((r) => r.templateName === undefined && !templateNames.has(r.templateId) && !askedFor.current.has(r.templateId));
    if (!unknown) return;
    askedFor.current.add(unknown.templateId);
    refreshTemplates();
  }, [list.loaded.rows, templateNames, refreshTemplates]);

  const showJobs = useCallback((connector: ConnectorId, state: JobFilterState) => replaceFilter({ connectors: [connector], states: [state] }), [replaceFilter]);
  const { refreshCounts } = list;
  const onBulkDone = useCallback(
    (retried: number) => {
      setOutcome({ kind: 'done', message: `${retried} job${retried === 1 ? '' : 's'} queued again. The log records who retried them and when.` });
      refreshCounts();
    },
    [refreshCounts],
  );

  const { rows } = list.loaded;
  const { page } = list;
  const empty = isEmptyFilter(filter);
  // Rows kept in view after they changed out of the filter (so nothing vanishes mid-look).
  const staleCount = useMemo(() => rows.filter((r) => !jobMatches(r, filter)).length, [rows, filter]);

  return (
    <Page
      title="Jobs"
      description="Each back-office system's queue and its circuit breaker, the outcomes of recent hours, and every job: filter them, see why one failed and when it is tried next, retry or cancel one, or retry all the failed and dead jobs of a filter. Every action is logged with who did it."
    >
      <QueuesSection onShowJobs={showJobs} />
      <Divider />
      <OutcomesChart />
      <Divider />
      <Stack gap="sm" component="section" aria-labelledby="jobs-list-heading">
        <Title order={2} size="h4" id="jobs-list-heading">
          Jobs
        </Title>
        <DroppedFilterAlert dropped={dropped} onDismiss={dismissDropped} />
        <JobsFilterBar key={barKey} filter={filter} onChange={setFilter} onClear={() => replaceFilter({})} templates={templates} templatesError={templatesError} />
        <Group justify="space-between" align="center" wrap="wrap">
          <Group gap="xs">
            <Text size="sm">
              {list.counts === null
                ? 'Counting…'
                : `${list.counts.total.toLocaleString('en-GB')} job${list.counts.total === 1 ? '' : 's'} ${empty ? 'in all' : 'match these filters'}.`}
              {staleCount > 0 && ` ${staleCount} shown ${staleCount === 1 ? 'has' : 'have'} changed since and no longer match${staleCount === 1 ? 'es' : ''}.`}
            </Text>
            {staleCount > 0 && (
              <Button size="compact-xs" variant="default" onClick={list.reload}>
                Refresh the list
              </Button>
            )}
          </Group>
          <Permitted to="jobs">
            <BulkRetry filter={filter} retryable={list.counts?.retryable ?? null} onDone={onBulkDone} />
          </Permitted>
        </Group>
        {outcome && (
          <Alert
            color={outcome.kind === 'done' ? 'green' : 'red'}
            role={outcome.kind === 'done' ? 'status' : 'alert'}
            aria-label="Job action"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setOutcome(null)}
          >
            {outcome.message}{' '}
            {outcome.kind === 'done' && outcome.jobId !== undefined && outcome.jobId !== openJobId && (
              <Anchor
                href={pageItemHref('jobs', String(outcome.jobId))}
                onClick={(event) => {
                  event.preventDefault();
                  openPageItemInAddress('jobs', String(outcome.jobId));
                }}
              >
                See it in job {outcome.jobId}&apos;s attempts
              </Anchor>
            )}
          </Alert>
        )}
        {list.error && (
          <Alert color="red" role="alert">
            {list.error}{' '}
            {list.status === 'error' && (
              <Button size="compact-xs" variant="light" onClick={list.reload}>
                Try again
              </Button>
            )}
          </Alert>
        )}
        {list.status === 'loading' && rows.length === 0 ? (
          <Text role="status">Loading the jobs…</Text>
        ) : list.status === 'ready' && rows.length === 0 ? (
          <Text c="dimmed">{empty ? 'No jobs yet: a rule queues them when a case arrives, or use Apply template on a case.' : 'No jobs match these filters.'}</Text>
        ) : (
          rows.length > 0 && <JobsTable jobs={page.rows} filter={filter} templateNames={templateNames} onAnswer={list.applyAnswer} onOutcome={setOutcome} />
        )}
        {rows.length > 0 && <JobsPager page={page} total={list.counts?.total ?? null} loading={list.loadingMore} onPrevious={list.showPrevious} onNext={list.showNext} />}
      </Stack>
      <JobDetailDrawer id={openJobId} onClose={() => openJob(null)} onOutcome={setOutcome} />
      <Divider />
      <AlertDeliveriesSection />
      <Divider />
      <Text size="sm" c="dimmed">
        How many jobs are sent at once, how often a failing job is tried and how long it waits between tries are set in{' '}
        <Anchor href={pageHref('connections')}>Connections, under Retries and queue</Anchor>.
      </Text>
    </Page>
  );
}
