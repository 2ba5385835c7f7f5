import { NavLink, Stack } from '@mantine/core';
import { useNavigationStore } from '../stores/navigation-store';
import { pageHref } from '../ui/page-address';
import { PAGES } from './pages';

/** Real links to `#/<page>`: the address change is what navigates (see engine-sync). */
export function PageNavigation({ onNavigate }: { onNavigate?: () => void }) {
  const current = useNavigationStore((state) => state.page);
  return (
    <Stack gap={2}>
      {PAGES.map(({ id, label, icon: Icon }) => (
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
