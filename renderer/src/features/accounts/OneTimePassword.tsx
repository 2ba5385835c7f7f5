import { Alert, Button, Code, Group, Stack, Text } from '@mantine/core';
import { CopyValueButton } from '../../ui/CopyValueButton';

/** A password shown this once, with a copy button (the engine keeps only its hash), then Done. */
export function OneTimePassword({ who, password, onDone }: { who: string; password: string; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="blue" role="status" title={`${who}'s first password`}>
        <Text size="sm" mb="xs">
          Give it to them in person or by phone: it is not shown again. They can change it after signing in.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code fz="md" aria-label="First password">
            {password}
          </Code>
          <CopyValueButton value={password} what="the password" />
        </Group>
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onDone} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}
