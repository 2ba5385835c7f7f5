import { Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { lockedMessage, type PolicyField } from '../../../shared/domain/policy';
import { usePolicyStore } from '../stores/policy-store';

export interface PolicyLock {
  /** The organisation's policy sets this field: show it read-only. */
  locked: boolean;
  /** A text or number input's props: read-only, shaded and described by the lock's note when locked, otherwise described by `usual`. */
  field(usual?: ReactNode): { description: ReactNode; readOnly: boolean; variant?: 'filled' };
  /** A switch's props: disabled and described by the lock's note when locked. */
  toggle(usual?: ReactNode): { description: ReactNode; disabled: boolean };
}

/** Whether the machine policy locks `field`, and the props that show it on the field. */
export function usePolicyLock(field: PolicyField): PolicyLock {
  const locked = usePolicyStore(({ policy }) => policy?.state === 'applied' && policy.locked.includes(field));
  const description = (usual: ReactNode) => (locked ? <PolicyLockNote field={field} /> : usual);
  return {
    locked,
    field: (usual) => ({ description: description(usual), readOnly: locked, ...(locked ? { variant: 'filled' as const } : {}) }),
    toggle: (usual) => ({ description: description(usual), disabled: locked }),
  };
}

/**
 * "Set by your organisation", with a lock, for a field the machine policy locks; the tooltip (on
 * hover and keyboard focus) and the screen reader's text name the policy file.
 */
export function PolicyLockNote({ field }: { field: PolicyField }) {
  const policy = usePolicyStore((state) => state.policy);
  if (policy?.state !== 'applied' || !policy.locked.includes(field)) return null;
  const sentence = lockedMessage(field, policy.file);
  return (
    <Tooltip label={sentence} multiline maw={360} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Group component="span" gap={4} wrap="nowrap" tabIndex={0} data-policy-lock={field} style={{ display: 'inline-flex', verticalAlign: 'middle' }}>
        <IconLock size={14} stroke={1.8} aria-hidden />
        <Text component="span" size="xs" fw={500} aria-hidden>
          Set by your organisation
        </Text>
        <VisuallyHidden>{sentence}</VisuallyHidden>
      </Group>
    </Tooltip>
  );
}
