/**
 * Tascomi's calls: its settings (a save that lands drops the live connection, so the next use reads
 * the settings as saved, and wakes its worker), its code lists, and the sync of Service Requests back.
 */
import type { Handlers } from '../../../shared/contract';
import type { TascomiConnection } from '../connectors/tascomi/connection';
import type { TascomiSettingsService } from '../connectors/tascomi/settings-service';
import { codeEntryView } from '../mapping/draft-code-lists';
import type { TascomiSync } from '../jobs/tascomi-sync';

export function tascomiCalls(deps: { settings: TascomiSettingsService; connection: TascomiConnection; sync: TascomiSync; wakeWorker(): void }) {
  const { settings, connection, sync } = deps;
  return {
    getTascomiSettings: () => settings.get(),
    saveTascomiSettings: async (input) => {
      const result = await settings.save(input);
      if (result.saved) {
        connection.reset();
        deps.wakeWorker();
      }
      return result;
    },
    testTascomiConnection: (probe) => settings.test(probe),
    checkTascomiAccess: (probe) => settings.checkAccess(probe),
    confirmTascomiWriteAccess: (probe) => settings.confirmWriteAccess(probe),
    refreshTascomiCodeLists: () => connection.refreshCodeLists(),
    getTascomiCodeList: async ({ list }) => (await (await connection.codeLists()).get(list)).map(codeEntryView),
    getTascomiSync: () => sync.view(),
    saveTascomiSync: (input) => sync.save(input),
    runTascomiSync: () => sync.runNow(),
  } satisfies Partial<Handlers>;
}
