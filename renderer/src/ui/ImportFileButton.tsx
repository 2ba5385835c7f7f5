import { Button, FileButton, Group, Progress, Stack, Text } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { fileTooLargeMessage } from '../../../shared/import-limits';

export interface ImportFileButtonProps {
  label: string;
  /** What such a file is, for the size refusal: "a file of cases". */
  what: string;
  /** The contract's limit (shared/import-limits.ts): a bigger file is refused before it is read. */
  limitBytes: number;
  /** Hands the file's text to the engine, telling how much of it has been sent as it goes. */
  send(text: string, fileName: string, onProgress: (fractionSent: number) => void): Promise<void>;
  onRefused(fileName: string, error: unknown): void;
}

type Sending = { fileName: string; fractionSent: number } | null;

/**
 * A JSON file chosen by the person, handed to the engine: refused at once when it is over the
 * limit (saying its size and the limit), and showing how far a large file has been sent.
 */
export function ImportFileButton({ label, what, limitBytes, send, onRefused }: ImportFileButtonProps) {
  const [busy, setBusy] = useState(false);
  // Only a file large enough to go in parts reports progress; a small one is sent at once.
  const [sending, setSending] = useState<Sending>(null);
  // Reset after each read, so choosing the same file again imports it again.
  const reset = useRef<() => void>(null);
  const read = async (file: File | null) => {
    if (!file) return;
    reset.current?.();
    const tooLarge = fileTooLargeMessage(file, limitBytes, what);
    if (tooLarge) return onRefused(file.name, new Error(tooLarge));
    setBusy(true);
    try {
      await send(await file.text(), file.name, (fractionSent) => setSending({ fileName: file.name, fractionSent }));
    } catch (e) {
      onRefused(file.name, e);
    } finally {
      setBusy(false);
      setSending(null);
    }
  };
  return (
    <Group gap="sm" wrap="nowrap">
      <FileButton onChange={(f) => void read(f)} accept=".json,application/json" resetRef={reset}>
        {(props) => (
          <Button {...props} variant="default" loading={busy} leftSection={<IconFileImport size={16} />}>
            {label}
          </Button>
        )}
      </FileButton>
      {sending && (
        <Stack gap={2} w={260} role="group" aria-label="Import progress">
          <Text size="sm" role="status">
            {sending.fractionSent < 1 ? `Sending '${sending.fileName}': ${Math.floor(sending.fractionSent * 100)}%` : `Importing '${sending.fileName}'…`}
          </Text>
          <Progress value={sending.fractionSent * 100} aria-label="Import progress" animated={sending.fractionSent === 1} />
        </Stack>
      )}
    </Group>
  );
}
