import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { useApi } from '../../api';
import { RefusalAlert } from './IssueList';

/** Deleting cannot be undone, so it is confirmed; the engine refuses while a rule applies the template. */
export function DeleteTemplateModal({ template, onClose, onDeleted }: { template: TemplateSummary | null; onClose: () => void; onDeleted: () => void }) {
  const api = useApi();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(null), [template]);

  const confirm = async () => {
    if (!template) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('deleteTemplate', { id: template.id });
      onDeleted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={template !== null} onClose={onClose} title="Delete template">
      <Stack>
        <Text>
          Delete the template '{template?.name}' and all its versions? This cannot be undone.
        </Text>
        {error !== null && <RefusalAlert error={error} title="Not deleted" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
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
