import { Center, Group, Loader, Text } from '@mantine/core';

export function StartingScreen() {
  return (
    <Center h="100vh">
      <Group gap="sm" role="status">
        <Loader size="sm" />
        <Text>Connecting to the engine…</Text>
      </Group>
    </Center>
  );
}
