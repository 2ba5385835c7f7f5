import type { LogFilter } from '../../../../shared/domain/log-filter';
import { useApi } from '../../api/api-context';
import { ExportCsvButton } from '../../ui/ExportCsvButton';

/** The filtered log as CSV (`casebridge-log-2026-11-23.csv`), oldest first, with person details hidden as in the list. */
export function ExportLogButton({ filter }: { filter: LogFilter }) {
  const api = useApi();
  return (
    <ExportCsvButton
      filePrefix="casebridge-log"
      count={() => api.call('countLog', { filter })}
      batch={(limit, afterId) => api.call('exportLog', { filter, limit, ...(afterId !== undefined ? { afterId } : {}) })}
    />
  );
}
