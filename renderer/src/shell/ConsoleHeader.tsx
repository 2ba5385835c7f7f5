import { Burger, Group, Text, type MantineBreakpoint } from '@mantine/core';
import { IconArrowsExchange } from '@tabler/icons-react';
import { AboutButton } from '../features/about/AboutButton';
import { ConnectionIndicator } from './ConnectionIndicator';
import { ConnectionStates } from './ConnectionStates';
import { PersonMenu } from './PersonMenu';
import { ThemeSwitch } from './ThemeSwitch';

export function ConsoleHeader({ navOpened, onToggleNav, navBreakpoint }: { navOpened: boolean; onToggleNav: () => void; navBreakpoint: MantineBreakpoint }) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom={navBreakpoint}
          size="sm"
          aria-label="Show or hide the pages"
          aria-expanded={navOpened}
          aria-controls="console-navigation"
        />
        <IconArrowsExchange size={24} stroke={1.8} color="var(--mantine-primary-color-filled)" aria-hidden />
        <Text fw={700} size="lg">
          casebridge
        </Text>
      </Group>
      <Group gap="sm" wrap="nowrap" miw={0}>
        <ConnectionIndicator />
        <Group visibleFrom="md" wrap="nowrap">
          <ConnectionStates />
        </Group>
        {/* On narrow windows these move into the navigation drawer (ConsoleShell). */}
        <Group gap="sm" wrap="nowrap" visibleFrom="sm">
          <PersonMenu />
          <ThemeSwitch />
          <AboutButton />
        </Group>
      </Group>
    </Group>
  );
}
