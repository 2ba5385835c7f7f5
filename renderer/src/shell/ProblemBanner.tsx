import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useProblemStore } from '../stores/problem-store';

export function ProblemBanner() {
  const { problem, dismiss } = useProblemStore();
  if (!problem) return null;
  return (
    <Alert
      role="alert"
      color="red"
      variant="light"
      mb="lg"
      icon={<IconAlertTriangle aria-hidden />}
      title="Something went wrong"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={dismiss}
    >
      {problem}
    </Alert>
  );
}
