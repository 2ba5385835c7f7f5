import { Button, Group, List, Modal, Text } from '@mantine/core';
import { useUnsavedWorkStore } from '../stores/unsaved-work-store';

/** The question before unsaved changes are left behind (stores/unsaved-work-store.ts asks it). */
export function LeaveConfirmModal() {
  const question = useUnsavedWorkStore((state) => state.question);
  const stay = () => question?.answer(false);
  return (
    <Modal opened={question !== null} onClose={stay} title="Leave without saving?">
      <Text size="sm">These changes are not saved, and leaving now loses them:</Text>
      <List size="sm" mt="xs">
        {question?.losing.map((what, i) => (
          <List.Item key={i}>{what}</List.Item>
        ))}
      </List>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={() => question?.answer(true)}>
          Leave and lose the changes
        </Button>
        <Button onClick={stay} data-autofocus>
          Stay
        </Button>
      </Group>
    </Modal>
  );
}
