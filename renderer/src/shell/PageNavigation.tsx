import { NavLink, Stack } from '@mantine/core';
import { useMeStore } from '../stores/me-store';
import { useNavigationStore } from '../stores/navigation-store';
import { pageHref } from '../ui/page-address';
import { mayOpenPage } from './page-access';
import { PAGES } from './pages';

/** Real links to `#/<page>`: the address change is what navigates (see engine-sync). Only the pages this person may open. */
export function PageNavigation({ onNavigate }: { onNavigate?: () => void }) {
  const current = useNavigationStore((state) => state.page);
  const permissions = useMeStore((state) => state.me?.permissions ?? []);
  return (
    <Stack gap={2}>
      {PAGES.filter(({ id }) => mayOpenPage(permissions, id)).map(({ id, label, icon: Icon }) => (
        <NavLink
          key={id}
          href={pageHref(id)}
          label={label}
          leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
          active={current === id}
          aria-current={current === id ? 'page' : undefined}
          onClick={onNavigate}
        />
      ))}
    </Stack>
  );
}
