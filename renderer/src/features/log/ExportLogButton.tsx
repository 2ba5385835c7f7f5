import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { LogFilter } from '../../../../shared/domain/log-filter';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { downloadTextFile } from '../../ui/download-file';
import { formatEntryCount } from '../../ui/log-format';

/** Rows per export call: big enough to be quick, small enough that progress moves and Cancel is prompt. */
export const EXPORT_BATCH = 5_000;

type State =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number; capped: boolean }
  | { kind: 'finished'; rows: number; fileName: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** `casebridge-log-2026-11-23.csv`, by this machine's date. */
export function exportFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `casebridge-log-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}

/**
 * The filtered view as CSV, oldest first, with person details hidden as in the list. The engine
 * hands it over in batches; the file is saved once the last one is in, and Cancel stops between them.
 */
export function ExportLogButton({ filter }: { filter: LogFilter }) {
  const api = useApi();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const cancelled = useRef(false);

  const run = async () => {
    cancelled.current = false;
    try {
      const { count, capped } = await api.call('countLog', { filter });
      setState({ kind: 'running', done: 0, total: count, capped });
      const parts: string[] = [];
      let rows = 0;
      let afterId: number | undefined;
      for (;;) {
        if (cancelled.current) return setState({ kind: 'cancelled' });
        const batch = await api.call('exportLog', { filter, limit: EXPORT_BATCH, ...(afterId !== undefined ? { afterId } : {}) });
        parts.push(batch.csv);
        rows += batch.rows;
        afterId = batch.lastId ?? afterId;
        setState({ kind: 'running', done: rows, total: Math.max(count, rows), capped });
        if (batch.done) break;
      }
      if (cancelled.current) return setState({ kind: 'cancelled' });
      const fileName = exportFileName();
      downloadTextFile(fileName, parts.join(''));
      setState({ kind: 'finished', rows, fileName });
    } catch (error) {
      setState({ kind: 'failed', message: `The export stopped: ${describeError(error)}` });
    }
  };

  if (state.kind === 'running') {
    const percent = state.total > 0 ? Math.min(100, (state.done / state.total) * 100) : 0;
    return (
      <Stack gap={4} miw={260} role="group" aria-label="Export progress">
        <Group justify="space-between" gap="xs">
          <Text size="sm" role="status">
            Exported {state.done.toLocaleString('en-GB')} of {formatEntryCount(state.total, state.capped && state.done < state.total)}
          </Text>
          <Button size="compact-sm" variant="default" onClick={() => (cancelled.current = true)}>
            Cancel
          </Button>
        </Group>
        <Progress value={percent} aria-label="Export progress" animated />
      </Stack>
    );
  }

  return (
    <Stack gap={4}>
      <Button size="compact-sm" variant="light" leftSection={<IconDownload size={14} aria-hidden />} onClick={() => void run()}>
        Export CSV
      </Button>
      {state.kind === 'finished' && (
        <Text size="sm" role="status">
          Saved {formatEntryCount(state.rows)} as {state.fileName}.
        </Text>
      )}
      {state.kind === 'cancelled' && (
        <Text size="sm" role="status">
          Export cancelled; nothing was saved.
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
