/** The calls about backups of the store: settings, "Back up now", the list, and restore from the console (backup/backup-system.ts, engine-restart.ts). */
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { Handlers } from '../../../shared/contract';
import { CallRefusedError } from '../../../shared/dispatch';
import type { BackupSystem } from '../backup/backup-system';
import type { EngineRestart } from '../engine-restart';

export function backupCalls(deps: { backups: BackupSystem; person: () => string | undefined; restore: EngineRestart['begin'] | undefined }) {
  const { backups } = deps;
  return {
    getBackupSettings: () => backups.settings(),
    saveBackupSettings: (input) => backups.save(input),
    async runBackup({ passphrase }) {
      const result = await backups.run(passphrase === undefined ? {} : { passphrase });
      return { name: basename(result.path), folder: dirname(result.path), bytes: result.bytes, schemaVersion: result.schemaVersion, withSecrets: result.withSecrets };
    },
    listBackups: () => backups.list(),
    cancelBackup: () => ({ cancelled: backups.cancel(deps.person() ?? 'the person at this workstation') }),
    async restoreBackup({ name, path, passphrase }) {
      if (!deps.restore)
        throw new CallRefusedError(
          'This casebridge cannot restore from the console (demo mode, or a one-off command): stop it and run casebridge restore FILE (see Backups in the README).',
          'failed',
        );
      let backupPath: string;
      if (name !== undefined) {
        // Only a name the list shows: never a path out of the backup folder.
        const listed = backups.list().find((b) => b.name === name);
        if (!listed)
          throw new CallRefusedError(`There is no backup called ${name} in ${backups.folder()}; choose one from the list.`, 'invalid_input', [
            { path: 'name', message: 'not in the backup folder' },
          ]);
        backupPath = resolve(backups.folder(), listed.name);
      } else {
        if (!isAbsolute(path!))
          throw new CallRefusedError(`"${path}" is not a full path: give it from the drive or root, for example D:\\backups\\casebridge.sqlite.`, 'invalid_input', [
            { path: 'path', message: 'must be a full path' },
          ]);
        backupPath = resolve(path!);
      }
      const started = await deps.restore({ backupPath, by: deps.person() ?? 'the person at this workstation', ...(passphrase !== undefined ? { passphrase } : {}) });
      return { path: backupPath, ...started };
    },
  } satisfies Partial<Handlers>;
}
