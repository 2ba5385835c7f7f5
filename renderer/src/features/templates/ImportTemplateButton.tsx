import { FileButton, Button } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useRef } from 'react';
import { useApi } from '../../api';
import type { Template } from '../../../../shared/domain/template';

/** Reads a template file chosen by the person and hands it to the engine, which checks every path. */
export function ImportTemplateButton({ onImported, onRefused }: { onImported: (t: Template) => void; onRefused: (error: unknown) => void }) {
  const api = useApi();
  // Reset after each read, so choosing the same file again imports it again.
  const reset = useRef<() => void>(null);
  const read = async (file: File | null) => {
    if (!file) return;
    reset.current?.();
    try {
      onImported(await api.call('importTemplate', { content: await file.text() }));
    } catch (e) {
      onRefused(e);
    }
  };
  return (
    <FileButton onChange={(f) => void read(f)} accept=".json,application/json" resetRef={reset}>
      {(props) => (
        <Button {...props} variant="default" leftSection={<IconFileImport size={16} />}>
          Import
        </Button>
      )}
    </FileButton>
  );
}
