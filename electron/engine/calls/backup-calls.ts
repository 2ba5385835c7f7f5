/** The calls about backups of the store: settings, "Back up now" and the list (backup/backup-system.ts). */
import { basename, dirname } from 'node:path';
import type { Handlers } from '../../../shared/contract';
import type { BackupSystem } from '../backup/backup-system';

export function backupCalls(deps: { backups: BackupSystem }) {
  const { backups } = deps;
  return {
    getBackupSettings: () => backups.settings(),
    saveBackupSettings: (input) => backups.save(input),
    async runBackup({ passphrase }) {
      const result = await backups.run(passphrase === undefined ? {} : { passphrase });
      return { name: basename(result.path), folder: dirname(result.path), bytes: result.bytes, schemaVersion: result.schemaVersion, withSecrets: result.withSecrets };
    },
    listBackups: () => backups.list(),
  } satisfies Partial<Handlers>;
}
