import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Every page: its name as the one `<h1>`, a plain sentence on what it is for, then its content. */
export function Page({ title, description, children }: { title: string; description: ReactNode; children?: ReactNode }) {
  return (
    <Stack gap="md" maw={1100}>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text c="dimmed" maw={720}>
        {description}
      </Text>
      {children}
    </Stack>
  );
}
