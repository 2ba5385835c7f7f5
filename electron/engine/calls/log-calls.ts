/** The integration log's calls: the live tail, the viewer's pages, counts, the people in it, detail and export, and retention settings. */
import type { Handlers } from '../../../shared/contract';
import { entryForConsole } from '../log/entry-for-console';
import type { LogBus } from '../log/log-bus';
import type { LogViewer } from '../log/log-viewer';

export function logCalls(deps: { log: Pick<LogBus, 'recent'>; viewer: LogViewer }) {
  const { viewer } = deps;
  return {
    listRecentLog: ({ limit, beforeId }) => deps.log.recent(limit, beforeId).map((entry) => entryForConsole(entry, { reveal: false })),
    queryLog: ({ filter, limit, beforeId }) => viewer.page(filter, limit, beforeId),
    countLog: ({ filter }) => viewer.count(filter),
    listLogPeople: () => viewer.people(),
    // The contract has made sure a reveal comes with its reason.
    getLogEntry: ({ id, revealPersonal, reason }) => viewer.detail(id, revealPersonal && reason !== undefined ? { reason } : undefined),
    exportLog: ({ filter, limit, afterId }) => viewer.exportBatch(filter, limit, afterId),
    getLogSettings: () => viewer.settings(),
    saveLogSettings: (input) => viewer.saveSettings(input),
  } satisfies Partial<Handlers>;
}
