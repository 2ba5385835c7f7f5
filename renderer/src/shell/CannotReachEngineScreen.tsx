import { Code, Container, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';

/**
 * The browser sees only a closed socket when the host refuses a token, so this names every likely
 * cause and the one fix: the URL the host printed, which carries this start's session token.
 */
export function CannotReachEngineScreen() {
  return (
    <Container size="sm" pt="10vh">
      <Paper withBorder p="xl" radius="md">
        <Stack gap="md">
          <IconPlugConnectedX size={40} stroke={1.5} color="var(--mantine-color-red-6)" aria-hidden />
          <Title order={1} size="h2">
            This console cannot reach the engine
          </Title>
          <Text>The engine refused this console or could not be reached. Usually one of these:</Text>
          <List spacing="xs">
            <List.Item>the address has no session token, or a token from an earlier start of the host;</List.Item>
            <List.Item>the host is not running (any more).</List.Item>
          </List>
          <Text>
            Reopen the console with the URL printed by <Code>npm run serve</Code>: the line that starts with <Code>Console:</Code> and ends with <Code>?token=…</Code>. If the host
            has stopped, start it again first.
          </Text>
        </Stack>
      </Paper>
    </Container>
  );
}
