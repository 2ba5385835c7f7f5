import { AppShell, Group, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import { AboutButton } from '../features/about/AboutButton';
import { useNavigationStore } from '../stores/navigation-store';
import { ConnectionLostBanner } from './ConnectionLostBanner';
import { ConsoleHeader } from './ConsoleHeader';
import { CurrentPage } from './CurrentPage';
import { DemoBanner } from './DemoBanner';
import { HealthBanner } from './HealthBanner';
import { LeaveConfirmModal } from './LeaveConfirmModal';
import { focusPageHeading, MAIN_CONTENT_ID } from './page-focus';
import { PageNavigation } from './PageNavigation';
import { PersonMenu } from './PersonMenu';
import { ProblemBanner } from './ProblemBanner';
import { SkipLink } from './SkipLink';
import { ThemeSwitch } from './ThemeSwitch';

// Below `lg` (1200px) the navigation folds behind the header's button: at 1024 wide the pages need its 220px.
const NAV_BREAKPOINT = 'lg';

export function ConsoleShell() {
  const [navOpened, nav] = useDisclosure(false);
  const theme = useMantineTheme();
  const narrow = useMediaQuery(`(max-width: calc(${theme.breakpoints[NAV_BREAKPOINT]} - 0.0625em))`);
  useFocusHeadingOnPageChange();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: NAV_BREAKPOINT, collapsed: { mobile: !navOpened } }} padding="lg">
      <SkipLink />
      <AppShell.Header>
        <ConsoleHeader navOpened={navOpened} onToggleNav={nav.toggle} navBreakpoint={NAV_BREAKPOINT} />
      </AppShell.Header>
      {/* Folded away off screen, the links must not take Tab stops either. */}
      <AppShell.Navbar p="xs" aria-label="Pages" id="console-navigation" inert={narrow && !navOpened}>
        <AppShell.Section grow>
          <PageNavigation onNavigate={nav.close} />
        </AppShell.Section>
        <AppShell.Section hiddenFrom="sm" pt="md">
          <PersonMenu />
          <Group gap="sm" mt="sm">
            <ThemeSwitch />
            <AboutButton />
          </Group>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <DemoBanner />
        <HealthBanner />
        <ConnectionLostBanner />
        <ProblemBanner />
        <CurrentPage />
        <LeaveConfirmModal />
      </AppShell.Main>
    </AppShell>
  );
}

/** After a move to another page (not the first one shown), focus starts at its heading. */
function useFocusHeadingOnPageChange(): void {
  const page = useNavigationStore((state) => state.page);
  const shown = useRef(page);
  useEffect(() => {
    if (page === shown.current) return;
    shown.current = page;
    focusPageHeading();
  }, [page]);
}
