import { Button, Group, Text } from '@mantine/core';
import { IconLock, IconRefresh } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useApi } from '../../api/api-context';
import { Page } from '../../shell/Page';
import { DroppedFilterAlert } from '../../ui/DroppedFilterAlert';
import { ExportCsvButton } from '../../ui/ExportCsvButton';
import { isEmptyFilter } from '../../ui/filter-query';
import { useFilterInAddress } from '../../ui/use-filter-in-address';
import { AUDIT_FILTER_CODEC } from './audit-filter-query';
import { AuditFilterBar } from './AuditFilterBar';
import { AuditTable } from './AuditTable';
import { useAuditPages } from './use-audit-pages';

const DESCRIPTION =
  "Who looked at residents' data, when and why: cases opened, personal details revealed in the log (with the reason given), Tenants searches and repairs opened, exports and erasures. Filter it, and export what you see as CSV for your data protection officer.";

/** The access audit, read-only: nothing on this page (or anywhere in the console) changes or removes an entry. */
export function AuditPage() {
  const api = useApi();
  const { filter, setFilter, replaceFilter, barKey, dropped, dismissDropped } = useFilterInAddress('audit', AUDIT_FILTER_CODEC);
  const pages = useAuditPages(filter);
  const clear = useCallback(() => replaceFilter({}), [replaceFilter]);

  return (
    <Page title="Audit" description={DESCRIPTION}>
      <Group gap="xs" wrap="nowrap">
        <IconLock size={16} aria-hidden />
        <Text size="sm">Entries are only ever added: they cannot be changed or removed, from the console or otherwise.</Text>
      </Group>
      <DroppedFilterAlert dropped={dropped} onDismiss={dismissDropped} />
      <AuditFilterBar key={barKey} filter={filter} onChange={setFilter} onClear={clear} />
      <Group justify="space-between" align="flex-start">
        <Button variant="default" size="compact-sm" leftSection={<IconRefresh size={14} aria-hidden />} onClick={pages.reload}>
          Refresh
        </Button>
        <ExportCsvButton
          filePrefix="casebridge-access-audit"
          onSaved={pages.reload}
          batch={(limit, afterId) => api.call('exportAccessAudit', { filter, limit, ...(afterId !== undefined ? { afterId } : {}) })}
        />
      </Group>
      <AuditTable pages={pages} emptyText={isEmptyFilter(filter) ? 'Nothing recorded yet.' : 'No entries match these filters.'} />
    </Page>
  );
}
