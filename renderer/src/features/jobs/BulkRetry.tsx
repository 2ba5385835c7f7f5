import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import type { BulkRetryPreview, JobFilter } from '../../../../shared/domain/job';
import { useApi } from '../../api/api-context';
import { ContractCallError, describeError } from '../../api/contract-call-error';
import { validationWarning } from './bulk-retry-warning';

const jobs = (n: number) => `${n.toLocaleString('en-GB')} job${n === 1 ? '' : 's'}`;

type Dialog =
  | { step: 'previewing' }
  | {
      step: 'confirm' | 'running';
      /** The filter as it was when the count was read: the one retried, whatever the bar says meanwhile. */
      filter: JobFilter;
      preview: BulkRetryPreview;
      /** The count the person confirmed before the engine refused it (the jobs had changed). */
      changedFrom?: number;
      error?: string;
    };

/**
 * "Retry all N failed/dead jobs in this view": reads the exact count (and how many failed
 * validation) first, asks, then retries with that count; the engine refuses when the jobs changed
 * meanwhile, and the new count is shown to confirm again.
 */
export function BulkRetry({ filter, retryable, onDone }: { filter: JobFilter; retryable: number | null; onDone: (retried: number) => void }) {
  const api = useApi();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);

  const preview = async (of: JobFilter, changedFrom?: number) => {
    try {
      const answer = await api.call('previewBulkRetry', { filter: of });
      setDialog({ step: 'confirm', filter: of, preview: answer, ...(changedFrom !== undefined ? { changedFrom } : {}) });
    } catch (e) {
      setDialog(null);
      setOpenError(`Could not count the jobs to retry: ${describeError(e)}`);
    }
  };

  const open = () => {
    setOpenError(null);
    setDialog({ step: 'previewing' });
    void preview(filter);
  };

  const confirm = async () => {
    if (!dialog || dialog.step !== 'confirm') return;
    const { filter: of, preview: seen } = dialog;
    setDialog({ ...dialog, step: 'running', error: undefined });
    try {
      const { retried } = await api.call('bulkRetryJobs', { filter: of, expectedCount: seen.count });
      setDialog(null);
      onDone(retried);
    } catch (e) {
      if (e instanceof ContractCallError && e.code === 'invalid_input' && e.issues?.some((i) => i.path === 'expectedCount')) {
        // The jobs changed since the count was read: show the new one and ask again.
        await preview(of, seen.count);
      } else setDialog({ ...dialog, step: 'confirm', error: `Nothing was retried: ${describeError(e)}` });
    }
  };

  const label =
    retryable === null
      ? 'Retry all failed/dead jobs in this view'
      : retryable === 0
        ? 'No failed or dead jobs to retry in this view'
        : `Retry all ${retryable.toLocaleString('en-GB')} failed/dead jobs in this view`;
  const ready = dialog && dialog.step !== 'previewing' ? dialog : null;
  const warning = ready ? validationWarning(ready.preview) : null;

  return (
    <>
      <Button leftSection={<IconRefresh size={16} aria-hidden />} variant="light" disabled={!retryable} loading={dialog?.step === 'previewing'} onClick={open}>
        {label}
      </Button>
      {openError && (
        <Alert color="red" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={() => setOpenError(null)}>
          {openError}
        </Alert>
      )}
      <Modal opened={ready !== null} onClose={() => ready?.step !== 'running' && setDialog(null)} title="Retry failed and dead jobs" centered>
        {ready && (
          <Stack gap="sm">
            {ready.changedFrom !== undefined && (
              <Alert color="yellow" role="alert" title="The jobs changed since you looked">
                Nothing was retried: this view had {jobs(ready.changedFrom)} to retry and now has {jobs(ready.preview.count)}. Check the new count and confirm again.
              </Alert>
            )}
            <Text role="status">
              {ready.preview.count === 0
                ? 'No failed or dead jobs match this view now: there is nothing to retry.'
                : `${jobs(ready.preview.count)} will be queued again now, each with a fresh set of attempts.`}
            </Text>
            {warning && (
              <Alert color="orange" title="Some will fail again">
                {warning}
              </Alert>
            )}
            <Text size="sm" c="dimmed">
              The retry is recorded in the log with your name and the time.
            </Text>
            {ready.error && (
              <Alert color="red" role="alert">
                {ready.error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)} disabled={ready.step === 'running'}>
                Cancel
              </Button>
              <Button onClick={() => void confirm()} loading={ready.step === 'running'} disabled={ready.preview.count === 0} data-autofocus>
                Retry {jobs(ready.preview.count)}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
