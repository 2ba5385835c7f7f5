import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * Every page: its name as the one `<h1>`, a plain sentence on what it is for, then its content. The
 * heading takes focus from script only (tabIndex -1), when the page opens or the skip link is followed.
 */
export function Page({ title, description, children }: { title: string; description: ReactNode; children?: ReactNode }) {
  return (
    <Stack gap="md" maw={1100}>
      <Title order={1} size="h2" tabIndex={-1} style={{ outlineOffset: 4 }}>
        {title}
      </Title>
      <Text c="dimmed" maw={720}>
        {description}
      </Text>
      {children}
    </Stack>
  );
}
