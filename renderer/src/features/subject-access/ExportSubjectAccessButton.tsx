import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { downloadTextFile } from '../../ui/download-file';
import { exportFileName } from './subject-access-form';

type State = { kind: 'idle' } | { kind: 'running'; done: number } | { kind: 'finished'; fileName: string } | { kind: 'cancelled' } | { kind: 'failed'; message: string };

/**
 * A search's JSON file: the engine hands it over in batches (about a megabyte each), the file is
 * saved once the last one is in, and Cancel stops between them. `records` is what the search found
 * (cases, jobs and log entries), for the progress.
 */
export function ExportSubjectAccessButton({ requestId, records }: { requestId: string; records: number }) {
  const api = useApi();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const cancelled = useRef(false);
  // Leaving the page stops an export between two batches.
  useEffect(
    () => () => {
      cancelled.current = true;
    },
    [],
  );

  const run = async () => {
    cancelled.current = false;
    setState({ kind: 'running', done: 0 });
    try {
      const parts: string[] = [];
      let offset = 0;
      for (;;) {
        if (cancelled.current) return setState({ kind: 'cancelled' });
        const batch = await api.call('exportSubjectAccess', { requestId, offset });
        parts.push(batch.text);
        offset = batch.nextOffset;
        setState({ kind: 'running', done: batch.itemsDone });
        if (batch.done) break;
      }
      if (cancelled.current) return setState({ kind: 'cancelled' });
      const fileName = exportFileName();
      downloadTextFile(fileName, parts.join(''));
      setState({ kind: 'finished', fileName });
    } catch (error) {
      setState({ kind: 'failed', message: `The export stopped: ${describeError(error)}` });
    }
  };

  if (state.kind === 'running') {
    return (
      <Stack gap={4} maw={420} role="group" aria-label="Export progress">
        <Group justify="space-between" gap="xs">
          <Text size="sm" role="status">
            Exported {state.done.toLocaleString('en-GB')} of {records.toLocaleString('en-GB')} records
          </Text>
          <Button size="compact-sm" variant="default" onClick={() => (cancelled.current = true)}>
            Cancel
          </Button>
        </Group>
        <Progress value={records > 0 ? Math.min(100, (state.done / records) * 100) : 100} aria-label="Export progress" animated />
      </Stack>
    );
  }

  return (
    <Stack gap="xs" align="flex-start">
      <Button leftSection={<IconDownload size={16} aria-hidden />} onClick={() => void run()}>
        Export JSON
      </Button>
      {state.kind === 'finished' && (
        <Text size="sm" role="status">
          Saved {state.fileName}. Review it, and redact other people’s details, before sending it to the requester.
        </Text>
      )}
      {state.kind === 'cancelled' && (
        <Text size="sm" role="status">
          Export cancelled; nothing was saved (the export is in the access audit all the same: data was read).
        </Text>
      )}
      {state.kind === 'failed' && (
        <Alert color="red" role="alert" p="xs">
          {state.message}
        </Alert>
      )}
    </Stack>
  );
}
