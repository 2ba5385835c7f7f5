import { Container, Group, MantineProvider, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useResolvedColorScheme } from '../shell/color-scheme';
import { cssVariablesResolver, theme } from '../theme';

/** The frame of the screens before the console: the product, the server, a title and one form. */
export function AuthFrame({ title, intro, fingerprint, children }: { title: string; intro?: ReactNode; fingerprint?: string; children: ReactNode }) {
  // Before sign-in the engine's preferences are unknown: the system's scheme.
  const colorScheme = useResolvedColorScheme();
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme={colorScheme}>
      <Container size={460} pt="8vh" pb="xl" component="main">
        <Stack gap="lg">
          <Group gap="sm" justify="center">
            <IconArrowsExchange size={28} stroke={1.8} color="var(--mantine-primary-color-filled)" aria-hidden />
            <Text fw={700} size="xl">
              casebridge
            </Text>
          </Group>
          <Paper withBorder p="xl" radius="md" shadow="xs">
            <Stack gap="md">
              <div>
                <Title order={1} size="h3">
                  {title}
                </Title>
                <Text size="sm" c="dimmed" mt={4}>
                  Server {window.location.host}
                </Text>
              </div>
              {intro}
              {children}
            </Stack>
          </Paper>
          {fingerprint && (
            <Text size="xs" c="dimmed" ta="center" style={{ overflowWrap: 'anywhere' }}>
              Server certificate fingerprint (SHA-256): {fingerprint}. It should match the one the server printed when it started.
            </Text>
          )}
        </Stack>
      </Container>
    </MantineProvider>
  );
}
