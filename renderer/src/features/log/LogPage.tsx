import { useCallback, useMemo, useState } from 'react';
import { Page } from '../../shell/Page';
import { ExportLogButton } from './ExportLogButton';
import { LogEntryDrawer } from './LogEntryDrawer';
import { LogFilterBar } from './LogFilterBar';
import { LogList } from './LogList';
import { LogRetentionForm } from './LogRetentionForm';
import { isEmptyFilter } from '../../ui/filter-query';
import { DroppedFilterAlert } from '../../ui/DroppedFilterAlert';
import { LOG_FILTER_CODEC } from '../../ui/log-filter-query';
import { useFilterInAddress } from '../../ui/use-filter-in-address';
import { useTemplates } from '../../ui/use-templates';
import { useLogPeople } from './use-log-people';
import { useLogView } from './use-log-view';
import { RetentionSection } from '../../ui/RetentionSection';

export function LogPage() {
  const { filter, setFilter, replaceFilter, barKey, dropped, dismissDropped } = useFilterInAddress('log', LOG_FILTER_CODEC);
  const [openId, setOpenId] = useState<number | null>(null);
  const view = useLogView(filter);
  const { templates, error: templatesError } = useTemplates();
  const clear = useCallback(() => replaceFilter({}), [replaceFilter]);

  const seenSources = useMemo(() => [...new Set(view.window.rows.slice(0, 200).map((row) => row.source))], [view.window.rows]);
  // People who acted since the page opened arrive with their entries, newest first, before those the engine named.
  const logPeople = useLogPeople();
  const people = useMemo(() => {
    if (logPeople.people === null) return null;
    const seen = view.window.rows.slice(0, 200).flatMap((row) => (row.person !== undefined ? [row.person] : []));
    return [...new Set([...seen, ...logPeople.people])];
  }, [logPeople.people, view.window.rows]);

  return (
    <Page
      title="Log"
      description="Everything the engine writes, newest first and live. Filter by level, source, outcome, case, template, job, the person who acted, time or words; open an entry for its job's attempts and the request and answer it logged; export what you see as CSV."
    >
      <DroppedFilterAlert dropped={dropped} onDismiss={dismissDropped} />
      <LogFilterBar
        key={barKey}
        filter={filter}
        onChange={setFilter}
        onClear={clear}
        seenSources={seenSources}
        templates={templates}
        templatesError={templatesError}
        people={people}
        peopleError={logPeople.error}
      />
      <LogList
        view={view}
        emptyText={isEmptyFilter(filter) ? 'No log entries yet.' : 'No log entries match these filters.'}
        selectedId={openId}
        onOpen={setOpenId}
        actions={<ExportLogButton filter={filter} />}
      />
      <LogEntryDrawer id={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} templates={templates} />
      <RetentionSection>
        <LogRetentionForm />
      </RetentionSection>
    </Page>
  );
}
