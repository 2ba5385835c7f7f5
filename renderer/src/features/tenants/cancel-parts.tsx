/** The Tenants page's status badge, and a cancel button that says beside it why it cannot be used. */
import { Badge, Button, Group, Text } from '@mantine/core';
import { useId } from 'react';
import type { CancelCheck } from '../../../../shared/domain/tenants';

const STATUS_COLOURS: Record<string, string> = {
  Booked: 'blue',
  Completed: 'green',
  Cancelled: 'gray',
  'No Access': 'orange',
  Invoiced: 'teal',
  Issued: 'blue',
  Logged: 'blue',
  'In Progress': 'indigo',
};
export const StatusBadge = ({ status }: { status: string }) => (
  <Badge variant="light" color={STATUS_COLOURS[status] ?? 'gray'}>
    {status}
  </Badge>
);

/** A Cancel button, enabled only when the check allows it, and otherwise the reason beside it. */
export function CancelControl({ check, label, text = 'Cancel', onClick }: { check: CancelCheck; label: string; text?: string; onClick: () => void }) {
  const reasonId = useId();
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Button size="xs" color="red" variant="light" disabled={!check.allowed} onClick={onClick} aria-label={label} aria-describedby={check.allowed ? undefined : reasonId}>
        {text}
      </Button>
      {!check.allowed && (
        <Text size="xs" c="dimmed" id={reasonId}>
          {check.message}
        </Text>
      )}
    </Group>
  );
}
