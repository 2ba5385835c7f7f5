import { useEffect } from 'react';
import { useApi } from '../../api';
import { reloadRecentLog } from '../../shell/engine-sync';
import { Page } from '../../shell/Page';
import { useLogStore } from '../../stores/log-store';
import { RecentLogTable } from './RecentLogTable';

/** A stand-in until the log viewer (filters, search, details) arrives: the newest entries, live. */
export function LogPage() {
  const api = useApi();
  const entries = useLogStore((state) => state.entries);
  useEffect(() => {
    void reloadRecentLog(api);
  }, [api]);
  return (
    <Page
      title="Log"
      description="The newest entries the engine has written, with new ones added at the top as they happen. Filtering, search and entry details arrive with the log viewer."
    >
      <RecentLogTable entries={entries} />
    </Page>
  );
}
