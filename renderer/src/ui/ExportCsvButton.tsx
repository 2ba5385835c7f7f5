import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { describeError } from '../api/contract-call-error';
import { downloadTextFile } from './download-file';
import { formatEntryCount } from './log-format';

/** Rows per export call: big enough to be quick, small enough that progress moves and Cancel is prompt. */
export const EXPORT_BATCH = 5_000;

/** One batch of an export as the engine answers it (the Log's and the access audit's alike). */
export interface CsvBatch {
  csv: string;
  rows: number;
  lastId?: number;
  done: boolean;
}

type State =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total?: { count: number; capped: boolean } }
  | { kind: 'finished'; rows: number; fileName: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** `casebridge-log-2026-11-23.csv`, by this machine's date. */
export function exportFileName(prefix: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}

/**
 * A filtered view as CSV, oldest first. The engine hands it over in batches; the file is saved once
 * the last one is in, and Cancel stops between them. With `count`, progress shows against the total.
 */
export function ExportCsvButton({
  filePrefix,
  count,
  batch,
  onSaved,
}: {
  /** The saved file's name before its date (`casebridge-log`). */
  filePrefix: string;
  count?: () => Promise<{ count: number; capped: boolean }>;
  /** The batch after `afterId` (the first when undefined). */
  batch: (limit: number, afterId?: number) => Promise<CsvBatch>;
  /** After the file is saved (the Audit page shows the export's own record). */
  onSaved?: () => void;
}) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const cancelled = useRef(false);

  const run = async () => {
    cancelled.current = false;
    try {
      const total = count ? await count() : undefined;
      setState({ kind: 'running', done: 0, ...(total ? { total } : {}) });
      const parts: string[] = [];
      let rows = 0;
      let afterId: number | undefined;
      for (;;) {
        if (cancelled.current) return setState({ kind: 'cancelled' });
        const next = await batch(EXPORT_BATCH, afterId);
        parts.push(next.csv);
        rows += next.rows;
        afterId = next.lastId ?? afterId;
        setState({ kind: 'running', done: rows, ...(total ? { total: { ...total, count: Math.max(total.count, rows) } } : {}) });
        if (next.done) break;
      }
      if (cancelled.current) return setState({ kind: 'cancelled' });
      const fileName = exportFileName(filePrefix);
      downloadTextFile(fileName, parts.join(''));
      setState({ kind: 'finished', rows, fileName });
      onSaved?.();
    } catch (error) {
      setState({ kind: 'failed', message: `The export stopped: ${describeError(error)}` });
    }
  };

  if (state.kind === 'running') {
    const { total } = state;
    const percent = total && total.count > 0 ? Math.min(100, (state.done / total.count) * 100) : 0;
    return (
      <Stack gap={4} miw={260} role="group" aria-label="Export progress">
        <Group justify="space-between" gap="xs">
          <Text size="sm" role="status">
            Exported {state.done.toLocaleString('en-GB')}
            {total ? ` of ${formatEntryCount(total.count, total.capped && state.done < total.count)}` : ''}
          </Text>
          <Button size="compact-sm" variant="default" onClick={() => (cancelled.current = true)}>
            Cancel
          </Button>
        </Group>
        {total && <Progress value={percent} aria-label="Export progress" animated />}
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
