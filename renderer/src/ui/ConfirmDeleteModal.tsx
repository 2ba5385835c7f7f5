import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { RefusalAlert } from './RefusalAlert';

/**
 * Deleting cannot be undone, so it is confirmed. Cancel comes first and has the focus: Enter on an
 * opened confirmation must not delete. A refusal (a rule still applies the template, say) shows in
 * the dialog, which stays open.
 */
export function ConfirmDeleteModal<T>({
  item,
  title,
  question,
  remove,
  onClose,
  onDeleted,
}: {
  /** What is to be deleted; null while the dialog is closed. */
  item: T | null;
  title: string;
  question: (item: T) => ReactNode;
  remove: (item: T) => Promise<unknown>;
  onClose: () => void;
  onDeleted: (item: T) => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(null), [item]);

  const confirm = async () => {
    if (item === null) return;
    setBusy(true);
    setError(null);
    try {
      await remove(item);
      onDeleted(item);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={item !== null} onClose={onClose} title={title}>
      <Stack>
        <Text>{item !== null && question(item)}</Text>
        {error !== null && <RefusalAlert error={error} title="Not deleted" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => void confirm()}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
