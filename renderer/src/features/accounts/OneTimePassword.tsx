import { ActionIcon, Alert, Code, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/** A password shown this once, with a copy button: the engine keeps only its hash. */
export function OneTimePassword({ who, password }: { who: string; password: string }) {
  return (
    <Alert color="blue" role="status" title={`${who}'s first password`}>
      <Text size="sm" mb="xs">
        Give it to them in person or by phone: it is not shown again. They can change it after signing in.
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code fz="md" aria-label="First password">
          {password}
        </Code>
        <CopyButton value={password}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the password'} withArrow>
              <ActionIcon variant="default" onClick={copy} aria-label={copied ? 'Password copied' : 'Copy the password'}>
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}
