import { Alert, Button, Group, Modal, Stack, Text, type MantineSize } from '@mantine/core';
import { useState } from 'react';
import type { JobView } from '../../../../shared/domain/job';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { jobRetryWarning } from './bulk-retry-warning';
import { Permitted } from '../../ui/Permitted';

/** What an action on jobs did; `jobId` when it was one job's (its detail then opens from the message). */
export type JobActionOutcome = { kind: 'done' | 'refused'; message: string; jobId?: number };

type Action = 'retry' | 'cancel';

/**
 * Retry now (failed, dead, cancelled) and Cancel (queued, failed, dead) for one job, on its row and
 * in its detail. Cancel always asks first; Retry now asks only when the job last failed validation
 * (it would fail again unless something changed), as the bulk retry warns.
 */
export function JobActions({
  job,
  size = 'compact-xs',
  onAnswer,
  onOutcome,
}: {
  job: JobView;
  size?: `compact-${MantineSize}` | MantineSize;
  onAnswer: (job: JobView) => void;
  onOutcome: (outcome: JobActionOutcome) => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState<Action | null>(null);
  const [asking, setAsking] = useState<Action | null>(null);
  const canRetry = job.state === 'failed' || job.state === 'dead' || job.state === 'cancelled';
  const canCancel = job.state === 'queued' || job.state === 'failed' || job.state === 'dead';
  const retryWarning = jobRetryWarning(job);

  const act = async (action: Action) => {
    setAsking(null);
    setBusy(action);
    try {
      const answer = await api.call(action === 'retry' ? 'retryJob' : 'cancelJob', { id: job.id });
      onAnswer(answer);
      onOutcome({
        kind: 'done',
        jobId: job.id,
        message:
          action === 'retry'
            ? `Job ${job.id} retried: queued now with ${answer.maxAttempts - answer.attempts} attempt(s). The log records who retried it.`
            : `Job ${job.id} cancelled: it will not be sent unless retried. It shows who cancelled it and when.`,
      });
    } catch (e) {
      onOutcome({ kind: 'refused', jobId: job.id, message: `Job ${job.id} was not ${action === 'retry' ? 'retried' : 'cancelled'}: ${describeError(e)}` });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Permitted to="jobs">
      <Group gap={6} wrap="nowrap">
        {canRetry && (
          <Button
            size={size}
            variant="light"
            loading={busy === 'retry'}
            disabled={busy !== null}
            onClick={() => (retryWarning ? setAsking('retry') : void act('retry'))}
            aria-label={`Retry now: job ${job.id}`}
          >
            Retry now
          </Button>
        )}
        {canCancel && (
          <Button size={size} variant="default" loading={busy === 'cancel'} disabled={busy !== null} onClick={() => setAsking('cancel')} aria-label={`Cancel job ${job.id}`}>
            Cancel
          </Button>
        )}
      </Group>
      <Modal opened={asking !== null} onClose={() => setAsking(null)} title={asking === 'retry' ? `Retry job ${job.id}?` : `Cancel job ${job.id}?`} centered>
        <Stack gap="sm">
          {asking === 'retry' ? (
            <Alert color="orange" title="It will probably fail again">
              {retryWarning}
            </Alert>
          ) : (
            <Text>
              Job {job.id} ({job.templateName ?? `template ${job.templateId}`} for case {job.caseId}) will not be sent. Nothing already sent is undone. You can retry it later to
              send it after all.
            </Text>
          )}
          <Text size="sm" c="dimmed">
            The {asking === 'retry' ? 'retry' : 'cancellation'} is recorded with your name and the time.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>
              {asking === 'retry' ? 'Do not retry' : 'Keep the job'}
            </Button>
            <Button color={asking === 'cancel' ? 'red' : undefined} onClick={() => asking && void act(asking)} data-autofocus>
              {asking === 'retry' ? `Retry job ${job.id} anyway` : `Cancel job ${job.id}`}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Permitted>
  );
}
