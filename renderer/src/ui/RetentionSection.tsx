import { Divider, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Permitted } from './Permitted';

/** A page's "Retention" section (log, cases): under a rule, and only for people who may set retention. */
export function RetentionSection({ children }: { children: ReactNode }) {
  return (
    <Permitted to="retention">
      <Divider />
      <Stack gap="xs">
        <Title order={2} size="h4">
          Retention
        </Title>
        {children}
      </Stack>
    </Permitted>
  );
}
