/**
 * Restoring a backup from the console: the engine cannot replace the store it holds open, so the
 * host that runs it stops it, the backup is put in place (backup/restore-backup.ts), and the host
 * starts a new engine on the same folder. Each host says only how it stops and starts its engine
 * (the desktop rebinds IPC, the headless host its server); the order and the undo are here, once.
 *
 * Decisions:
 * - Every refusal (a missing, damaged or foreign file, a newer schema, a wrong passphrase) is found
 *   by `begin` while the engine still runs (the quick_check on a worker thread): a refused restore
 *   stops nothing, and what it found is not checked again while no engine answers.
 * - `begin` answers at once and restarts after the call's answer has gone out: the console that
 *   asked hears "restoring" before its connection drops, then reconnects like every other console.
 * - A restore that fails after the stop puts the kept database back and starts on it; the new engine
 *   logs what happened (who, which file, where the old database is) and raises `restore-failed` when
 *   it failed, so the console says it on reconnecting.
 * - One restore at a time, and a host stopping while one runs waits for it (`idle`): the copy and
 *   renames are never cut short, so the folder always holds a whole database.
 */
import { basename } from 'node:path';
import type { HealthAlarmId } from '../../shared/domain/health';
import type { NewLogEntry } from '../../shared/domain/log-entry';
import { CallRefusedError } from '../../shared/dispatch';
import { checkBackup, restoreBackup, RestoreRefused, undoRestore, type CheckedBackup, type RestoreResult } from './backup/restore-backup';

/** What a restart needs of an engine: somewhere to say what happened. */
export interface RestartedEngine {
  log: { write(entry: NewLogEntry): unknown };
  health: { raise(id: HealthAlarmId, level: 'error' | 'warning', message: string): void };
}

export interface EngineRestartHost {
  /** Stops serving the engine and closes it; the data folder is free when this resolves. */
  stop(): Promise<void>;
  /** Opens a new engine on the data folder and serves it. */
  start(): Promise<RestartedEngine>;
  /** The host cannot serve any engine any more (both starts failed): it must end, saying why. */
  failed(message: string): void;
}

export interface RestoreRequest {
  backupPath: string;
  passphrase?: string;
  /** Who asked, for the log of the restored store. */
  by: string;
}

export type RestoreOutcome = { ok: true; result: RestoreResult } | { ok: false; message: string };

export interface EngineRestart {
  /** Checks the backup (refusing in words, nothing stopped) and starts the restore after the caller's answer. */
  begin(request: RestoreRequest): Promise<{ schemaVersion: number; secrets: RestoreResult['secrets'] }>;
  /** Stop, restore, start; on failure the old database back. Answers what happened (never throws). */
  run(request: RestoreRequest): Promise<RestoreOutcome>;
  /** Resolves when no restore is under way. */
  idle(): Promise<void>;
  /** The host is stopping: no restore starts any more, and this resolves when the one under way is done. */
  stop(): Promise<void>;
  /** Whether one is (the engine may be closed meanwhile: a quit must still wait). */
  underWay(): boolean;
}

export function createEngineRestart(deps: { dataDir: string; host: EngineRestartHost; now: () => number; nativeBinding?: string }): EngineRestart {
  const { dataDir, host } = deps;
  let underWay: Promise<RestoreOutcome> | undefined;
  let checking = false;
  let stopped = false;
  const binding = deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {};

  async function startAgain(undo: () => void, why: string): Promise<RestoreOutcome> {
    const message = `${why} casebridge is running again on the database it had before the restore.`;
    try {
      undo();
      const engine = await host.start();
      engine.log.write({ level: 'error', source: 'backup', message });
      engine.health.raise('restore-failed', 'error', message);
      return { ok: false, message };
    } catch (error) {
      const last = `${why} Starting again on the database it had before also failed: ${(error as Error).message}`;
      host.failed(last);
      return { ok: false, message: last };
    }
  }

  async function restart(request: RestoreRequest, checked?: CheckedBackup): Promise<RestoreOutcome> {
    const file = basename(request.backupPath);
    try {
      await host.stop();
    } catch (error) {
      // Nothing was moved yet: the database in place is the one to start on.
      return startAgain(() => {}, `Stopping casebridge for the restore of ${file} failed: ${(error as Error).message}; nothing was restored.`);
    }
    let result: RestoreResult;
    try {
      result = await restoreBackup({
        ...(checked ? { checked } : {}),
        dataDir,
        backupPath: request.backupPath,
        nowMs: deps.now(),
        ...(request.passphrase !== undefined ? { passphrase: request.passphrase } : {}),
        ...binding,
      });
    } catch (error) {
      // restoreBackup refuses before anything moves, and puts the database back when its copy fails.
      return startAgain(() => {}, `The restore of ${file} asked for by ${request.by} failed: ${(error as Error).message}`);
    }
    try {
      const engine = await host.start();
      const aside = result.keptAside ? `; the database before it is kept as ${result.keptAside}` : '';
      const secrets = result.secrets === 'restored' ? '; secrets restored' : result.secrets === 'kept current' ? '; its sealed secrets were not restored (no passphrase)' : '';
      engine.log.write({ level: 'info', source: 'backup', message: `Backup ${request.backupPath} restored from the console by ${request.by}${aside}${secrets}.` });
      return { ok: true, result };
    } catch (error) {
      return startAgain(() => undoRestore(dataDir, result), `casebridge could not start on the restored backup ${file} (asked for by ${request.by}): ${(error as Error).message}.`);
    }
  }

  function reserve(request: RestoreRequest, after: Promise<void>, checked?: CheckedBackup): Promise<RestoreOutcome> {
    const done = after.then(() => restart(request, checked)).finally(() => (underWay = undefined));
    underWay = done;
    return done;
  }
  const busy = 'A restore is already under way; wait for casebridge to start again.';

  return {
    async begin(request) {
      // Claimed before the check (which takes a while on a large backup), so two requests never both pass it.
      if (stopped) throw new CallRefusedError('casebridge is stopping; restore the backup once it has started again.', 'failed');
      if (underWay || checking) throw new CallRefusedError(busy, 'failed');
      checking = true;
      let checked;
      try {
        checked = await checkBackup({ backupPath: request.backupPath, ...(request.passphrase !== undefined ? { passphrase: request.passphrase } : {}), ...binding });
      } catch (error) {
        if (error instanceof RestoreRefused) throw new CallRefusedError(error.message, 'failed');
        throw error;
      } finally {
        checking = false;
      }
      if (stopped) throw new CallRefusedError('casebridge is stopping; restore the backup once it has started again.', 'failed');
      // After this call's answer is on its way: the stop closes the connection it travels on.
      void reserve(request, new Promise((resolve) => setImmediate(resolve)), checked);
      return { schemaVersion: checked.schemaVersion, secrets: checked.secretsText !== undefined ? 'restored' : checked.hasSecrets ? 'kept current' : 'none in backup' };
    },
    run: (request) => (underWay || checking ? Promise.resolve({ ok: false, message: busy }) : reserve(request, Promise.resolve())),
    idle: async () => void (await underWay),
    stop: async () => {
      stopped = true;
      await underWay;
    },
    underWay: () => underWay !== undefined,
  };
}
