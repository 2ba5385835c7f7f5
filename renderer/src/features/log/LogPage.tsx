import { Alert, Divider, Stack, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LogFilter } from '../../../../shared/domain/log-filter';
import { Page } from '../../shell/Page';
import { pageQueryFromAddress, showPageQueryInAddress } from '../../shell/page-address';
import { ExportLogButton } from './ExportLogButton';
import { LogEntryDrawer } from './LogEntryDrawer';
import { LogFilterBar } from './LogFilterBar';
import { LogList } from './LogList';
import { LogRetentionForm } from './LogRetentionForm';
import { useApi } from '../../api';
import { loadSavedFilter, saveFilter } from '../../stores/saved-view-filters';
import { isEmptyFilter } from '../../shell/filter-query';
import { logFilterFromQuery, logFilterToQuery } from './log-filter-query';
import { useLogView } from './use-log-view';

/** The address wins (a link or a reload); otherwise the filter last used (kept by the engine). */
function initialFilter(): { filter: LogFilter; dropped: string[]; from: 'address' | 'saved' } {
  const fromAddress = pageQueryFromAddress();
  return { ...logFilterFromQuery(fromAddress || loadSavedFilter('log')), from: fromAddress ? 'address' : 'saved' };
}

export function LogPage() {
  const api = useApi();
  const [initial] = useState(initialFilter);
  const [filter, setFilter] = useState<LogFilter>(initial.filter);
  const [dropped, setDropped] = useState<{ values: string[]; from: 'address' | 'saved' }>({ values: initial.dropped, from: initial.from });
  /** Remounts the filter bar so its typed values follow a filter set from outside (Clear, the address). */
  const [barKey, setBarKey] = useState(0);
  const [openId, setOpenId] = useState<number | null>(null);
  const view = useLogView(filter);

  // The filter goes into the address (a reload shows the same view) and storage (so does a restart).
  const query = useMemo(() => logFilterToQuery(filter), [filter]);
  useEffect(() => {
    showPageQueryInAddress('log', query);
    saveFilter(api, 'log', query);
  }, [api, query]);

  // A filter pasted into the address applies; following the Log link (no filter in it) keeps the current one.
  useEffect(() => {
    const onHashChange = () => {
      const fromAddress = pageQueryFromAddress();
      if (!window.location.hash.startsWith('#/log') || fromAddress === query) return;
      if (!fromAddress) return showPageQueryInAddress('log', query);
      const parsed = logFilterFromQuery(fromAddress);
      setFilter(parsed.filter);
      setDropped({ values: parsed.dropped, from: 'address' });
      setBarKey((k) => k + 1);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [query]);

  const clear = useCallback(() => {
    setFilter({});
    setBarKey((k) => k + 1);
  }, []);

  const seenSources = useMemo(() => [...new Set(view.window.rows.slice(0, 200).map((row) => row.source))], [view.window.rows]);

  return (
    <Page
      title="Log"
      description="Everything the engine writes, newest first and live. Filter by level, source, outcome, case, template, job, time or words; open an entry for its job's attempts and the request and answer it logged; export what you see as CSV."
    >
      {dropped.values.length > 0 && (
        <Alert color="yellow" role="alert" title="Part of the filter was left out" withCloseButton closeButtonLabel="Dismiss" onClose={() => setDropped({ values: [], from: 'address' })}>
          These values {dropped.from === 'address' ? 'in the address' : 'of the filter saved last time'} were not valid, so the list does not use them: {dropped.values.join('; ')}.
        </Alert>
      )}
      <LogFilterBar key={barKey} filter={filter} onChange={setFilter} onClear={clear} seenSources={seenSources} />
      <LogList
        view={view}
        emptyText={isEmptyFilter(filter) ? 'No log entries yet.' : 'No log entries match these filters.'}
        selectedId={openId}
        onOpen={setOpenId}
        actions={<ExportLogButton filter={filter} />}
      />
      <LogEntryDrawer id={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} />
      <Divider />
      <Stack gap="xs">
        <Title order={2} size="h4">
          Retention
        </Title>
        <LogRetentionForm />
      </Stack>
    </Page>
  );
}
