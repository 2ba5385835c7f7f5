import { Button, FileButton } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { CaseReceipt } from '../../../../shared/domain/case-view';
import { useApi } from '../../api';

/** The engine's limit on a file (contract.ts); checked here too, so a huge file is not read and sent. */
const MAX_FILE_BYTES = 20_000_000;

/** Reads a JSON file of cases (one case or an array) and hands it to the engine, which checks each one. */
export function ImportCasesButton({
  onImported,
  onRefused,
}: {
  onImported: (fileName: string, receipts: CaseReceipt[]) => void;
  onRefused: (fileName: string, error: unknown) => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  // Reset after each read, so choosing the same file again imports it again.
  const reset = useRef<() => void>(null);
  const read = async (file: File | null) => {
    if (!file) return;
    reset.current?.();
    if (file.size > MAX_FILE_BYTES) {
      onRefused(file.name, new Error(`'${file.name}' is ${(file.size / 1_000_000).toFixed(1)} MB; a file of cases can be at most 20 MB. Split it into smaller files.`));
      return;
    }
    setBusy(true);
    try {
      onImported(file.name, await api.call('importCases', { content: await file.text(), fileName: file.name }));
    } catch (e) {
      onRefused(file.name, e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FileButton onChange={(f) => void read(f)} accept=".json,application/json" resetRef={reset}>
      {(props) => (
        <Button {...props} variant="default" loading={busy} leftSection={<IconFileImport size={16} />}>
          Import cases
        </Button>
      )}
    </FileButton>
  );
}
