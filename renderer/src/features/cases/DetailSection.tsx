import { Stack, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/** A part of the case detail: a heading that also names the region, for screen readers and tests. */
export function DetailSection({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <Stack gap="xs" component="section" aria-labelledby={id}>
      <Title order={3} size="h4" id={id}>
        {title}
      </Title>
      {actions}
      {children}
    </Stack>
  );
}
