import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { confirmationWillCreate } from './api-access-view';

/**
 * The write access confirmation writes to the live system, so a person asks for it here first.
 * Cancel comes first and has the focus: Enter on the opened dialog must not write anything.
 */
export function ConfirmWriteAccessModal({ opened, baseUrl, onCancel, onConfirm }: { opened: boolean; baseUrl: string; onCancel: () => void; onConfirm: () => void }) {
  return (
    <Modal opened={opened} onClose={onCancel} title="Confirm write access in the live Tascomi system?">
      <Stack>
        {confirmationWillCreate(baseUrl).map((line) => (
          <Text key={line} size="sm">
            {line}
          </Text>
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-autofocus>
            Cancel
          </Button>
          <Button color="orange" onClick={onConfirm}>
            Create the check records
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
