import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Rule } from '../../../../shared/domain/rule';
import { useApi } from '../../api';
import { RefusalAlert } from '../templates/IssueList';

/** Deleting cannot be undone, so it is confirmed; jobs the rule already queued are not touched. */
export function DeleteRuleModal({ rule, onClose, onDeleted }: { rule: Rule | null; onClose: () => void; onDeleted: (rule: Rule) => void }) {
  const api = useApi();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(null), [rule]);

  const confirm = async () => {
    if (!rule) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('deleteRule', { id: rule.id });
      onDeleted(rule);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={rule !== null} onClose={onClose} title="Delete rule">
      <Stack>
        <Text>
          Delete the rule '{rule?.name}'? New and updated cases will no longer queue its template. Jobs it has already queued are kept. This cannot be undone.
        </Text>
        {error !== null && <RefusalAlert error={error} title="Not deleted" />}
        <Group justify="flex-end">
          {/* Cancel first and focused: Enter on an opened confirmation must not delete. */}
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
