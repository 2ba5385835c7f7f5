import { Button, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { pageHref } from '../../ui/page-address';

const WORDS = {
  integration: {
    title: 'Civica Cx is not set up',
    text: 'Tenants reads contacts and repairs from Civica Cx. Switch the Civica Cx integration on and save its address and sign-in on the Connections page, then come back here.',
  },
  company: {
    title: 'No Civica Cx company is chosen',
    text: 'Tenants searches within one Civica Cx company. Choose it under "Selected company" on the Connections page and save, then come back here.',
  },
} as const;

/** The Tenants page before Civica Cx can be searched: what is missing, and the way to Connections. */
export function CxNotSetUp({ missing }: { missing: keyof typeof WORDS }) {
  const { title, text } = WORDS[missing];
  return (
    <Stack component="section" aria-labelledby="cx-not-set-up" align="center" gap="sm" py="xl" maw={560} mx="auto" ta="center">
      <ThemeIcon variant="light" color="gray" size={48} radius="xl" aria-hidden>
        <IconPlugConnectedX size={28} />
      </ThemeIcon>
      <Title order={2} size="h4" id="cx-not-set-up">
        {title}
      </Title>
      <Text c="dimmed">{text}</Text>
      <Button component="a" href={pageHref('connections')}>
        Open Connections
      </Button>
    </Stack>
  );
}
