import { Alert } from '@mantine/core';
import { useMeStore } from '../stores/me-store';
import { useNavigationStore } from '../stores/navigation-store';
import { Page } from './Page';
import { mayOpenPage, pageRefusal } from './page-access';
import { pageDefinition } from './pages';

export function CurrentPage() {
  const page = useNavigationStore((state) => state.page);
  const me = useMeStore((state) => state.me);
  if (!page) return null;
  const { Component, label } = pageDefinition(page);
  if (me && mayOpenPage(me.permissions, page)) return <Component />;
  // Reached by its address: say whose page it is rather than show what the engine would refuse.
  return (
    <Page title={label} description="This page is not open to you.">
      <Alert color="yellow" role="alert" maw={720}>
        {me ? pageRefusal(me.role, label, page) : `Who you are could not be loaded from the engine, so ${label} is not shown. Reload the console to try again.`}
      </Alert>
    </Page>
  );
}
