import { AppShell, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { AboutButton } from '../features/about/AboutButton';
import { ConnectionLostBanner } from './ConnectionLostBanner';
import { ConsoleHeader } from './ConsoleHeader';
import { CurrentPage } from './CurrentPage';
import { HealthBanner } from './HealthBanner';
import { LeaveConfirmModal } from './LeaveConfirmModal';
import { PageNavigation } from './PageNavigation';
import { ProblemBanner } from './ProblemBanner';
import { ThemeSwitch } from './ThemeSwitch';

export function ConsoleShell() {
  const [navOpened, nav] = useDisclosure(false);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="lg">
      <AppShell.Header>
        <ConsoleHeader navOpened={navOpened} onToggleNav={nav.toggle} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Pages">
        <AppShell.Section grow>
          <PageNavigation onNavigate={nav.close} />
        </AppShell.Section>
        <AppShell.Section hiddenFrom="sm" pt="md">
          <Group gap="sm">
            <ThemeSwitch />
            <AboutButton />
          </Group>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <HealthBanner />
        <ConnectionLostBanner />
        <ProblemBanner />
        <CurrentPage />
        <LeaveConfirmModal />
      </AppShell.Main>
    </AppShell>
  );
}
