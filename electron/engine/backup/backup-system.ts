/**
 * The engine's backups: its settings, "Back up now", the list, and the daily run in the background.
 * Each backup is taken by take-backup.ts on the engine's own connection, then the folder is pruned
 * to the newest `keep`. A failed backup is logged and raises the `backup-failed` alarm, which the
 * next backup that succeeds clears.
 *
 * Decisions:
 * - One backup at a time: a second "Back up now" while one runs is refused with when that one began
 *   (two copies of the same moment are no use, and each costs the disk its size).
 * - The daily loop waits on the clock until the next run time (backup-schedule.ts); saving settings
 *   wakes it, so a new time counts at once. A run missed while casebridge was stopped is not made up
 *   at start: the next day's runs, and "Back up now" covers the gap.
 * - Secrets go in only when asked, sealed with the passphrase given for that backup; the daily
 *   backup never holds them (no passphrase is stored anywhere).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { BackupSettingsSchema, DEFAULT_BACKUP_SETTINGS, type BackupListing, type BackupProgressEvent, type BackupSettings } from '../../../shared/domain/backup';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import { CallRefusedError, issuesOf } from '../../../shared/dispatch';
import type { Clock } from '../clock';
import type { EventHub } from '../events';
import { SECRETS_FILE } from '../data-dir';
import type { Health } from '../health';
import { createLoopControl } from '../loop-control';
import type { SettingsRepo } from '../store/settings-repo';
import type { Store } from '../store/open-store';
import { listBackups, pruneBackups } from './backup-files';
import { nextBackupAt } from './backup-schedule';
import { takeBackup, type BackupProgress, type BackupResult } from './take-backup';

const SETTINGS_KEY = 'backup';

export interface BackupSystem {
  settings(): BackupSettings;
  /** Validates and saves; the schedule takes the new time at once. */
  save(input: unknown): BackupSettings;
  /** The folder backups go to now (the setting, or the default under the data folder). */
  folder(): string;
  run(options?: { passphrase?: string; progress?: (progress: BackupProgress) => void }): Promise<BackupResult>;
  /** Ends the running backup at its next step, keeping nothing; false when none runs. */
  cancel(by: string): boolean;
  list(): BackupListing[];
  start(): void;
  stop(): Promise<void>;
}

export function createBackupSystem(deps: {
  store: Pick<Store, 'sqlite'>;
  dataDir: string;
  version: string;
  settings: SettingsRepo;
  clock: Clock;
  health: Pick<Health, 'raise' | 'clear'>;
  log: { write(entry: NewLogEntry): unknown };
  /** Every console sees a backup's progress (backupProgress), whoever started it. */
  events?: Pick<EventHub, 'emit'>;
  nativeBinding?: string;
}): BackupSystem {
  const { clock } = deps;
  const control = createLoopControl(clock);
  let running: { since: string; done: Promise<BackupResult>; cancel: AbortController; cancelledBy?: string } | undefined;
  let loop: Promise<void> | undefined;

  const readSettings = (): BackupSettings => {
    const parsed = BackupSettingsSchema.safeParse(deps.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.data : { ...DEFAULT_BACKUP_SETTINGS };
  };
  const folder = () => readSettings().folder || join(deps.dataDir, 'backups');

  /** A store of a million entries takes thousands of steps: consoles hear of a step only when the percent moves. */
  function progressEvents(progress?: (p: BackupProgress) => void) {
    let lastPercent = -1;
    let pages = { copiedPages: 0, totalPages: 0 };
    const emit = (phase: BackupProgressEvent['phase']) => deps.events?.emit('backupProgress', { phase, ...pages });
    return {
      step(p: BackupProgress) {
        progress?.(p);
        pages = p;
        const percent = p.totalPages === 0 ? 100 : Math.floor((p.copiedPages / p.totalPages) * 100);
        if (percent === lastPercent) return;
        lastPercent = percent;
        emit(percent === 100 ? 'checking' : 'copying');
      },
      end: emit,
    };
  }

  async function backUp(how: string, cancel: AbortSignal, passphrase?: string, progress?: (p: BackupProgress) => void): Promise<BackupResult> {
    const settings = readSettings();
    const where = folder();
    const steps = progressEvents(progress);
    try {
      const secrets = passphrase === undefined ? undefined : { text: readFileSync(join(deps.dataDir, SECRETS_FILE), 'utf8'), passphrase };
      const result = await takeBackup({
        sqlite: deps.store.sqlite,
        folder: where,
        version: deps.version,
        takenAtMs: clock.millis(),
        signal: AbortSignal.any([control.signal, cancel]),
        ...(secrets ? { secrets } : {}),
        progress: steps.step,
        ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
      });
      const pruned = pruneBackups(where, settings.keep);
      const mb = (result.bytes / 1_048_576).toFixed(1);
      const extra = pruned.length > 0 ? `; ${pruned.length} older backup(s) deleted to keep ${settings.keep}` : '';
      deps.log.write({
        level: 'info',
        source: 'backup',
        message: `Backup taken (${how}): ${result.path}, ${mb} MB${result.withSecrets ? ', with secrets sealed by a passphrase' : ''}${extra}.`,
      });
      deps.health.clear('backup-failed');
      steps.end('done');
      return result;
    } catch (error) {
      if (cancel.aborted && !control.stopped) {
        steps.end('cancelled');
        deps.log.write({ level: 'info', source: 'backup', message: `The ${how} backup to ${where} was cancelled by ${running?.cancelledBy ?? 'someone'}; nothing was kept.` });
        throw new CallRefusedError('The backup was cancelled before it finished; nothing was kept.', 'failed');
      }
      steps.end('failed');
      const reason = error instanceof Error ? error.message : String(error);
      if (!control.stopped) {
        const message = `The ${how} backup to ${where} failed: ${reason} Check the backup folder and the disk, then choose Back up now.`;
        deps.log.write({ level: 'error', source: 'backup', message });
        deps.health.raise('backup-failed', 'error', message);
      }
      throw error;
    }
  }

  function run(how: string, passphrase?: string, progress?: (p: BackupProgress) => void): Promise<BackupResult> {
    if (running) throw new CallRefusedError(`A backup is already running (since ${running.since}); wait for it to finish.`, 'failed');
    const cancel = new AbortController();
    const done = backUp(how, cancel.signal, passphrase, progress).finally(() => (running = undefined));
    running = { since: clock.now().toFormat('HH:mm:ss'), done, cancel };
    return done;
  }

  async function schedule(): Promise<void> {
    while (!control.stopped) {
      const settings = readSettings();
      if (!settings.enabled) {
        await control.wait(); // until saved settings wake it
        continue;
      }
      const at = nextBackupAt(clock.now(), settings.time).toMillis();
      await control.wait(at - clock.millis());
      if (control.stopped) break;
      if (clock.millis() < at) continue; // woken by new settings: work out the time again
      await run('daily').catch(() => undefined); // logged and alarmed in backUp
    }
  }

  return {
    settings: readSettings,
    save(input) {
      const parsed = BackupSettingsSchema.safeParse(input);
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        throw new CallRefusedError(`The backup settings are not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, 'invalid_input', issues);
      }
      if (parsed.data.folder !== '' && !isAbsolute(parsed.data.folder)) {
        throw new CallRefusedError(
          `The backup folder "${parsed.data.folder}" is not a full path: give it from the drive or root, for example D:\\casebridge-backups.`,
          'invalid_input',
          [{ path: 'folder', message: 'must be a full path' }],
        );
      }
      deps.settings.set(SETTINGS_KEY, parsed.data, clock.now().toISO()!);
      const when = parsed.data.enabled ? `daily at ${parsed.data.time}` : 'only when asked';
      deps.log.write({
        level: 'info',
        source: 'backup',
        message: `Backup settings saved: ${when}, ${parsed.data.keep} kept, in ${parsed.data.folder || join(deps.dataDir, 'backups')}.`,
      });
      control.wake();
      return parsed.data;
    },
    folder,
    run: (options = {}) => run('by hand', options.passphrase, options.progress),
    cancel(by) {
      if (!running || running.cancel.signal.aborted) return false;
      running.cancelledBy = by;
      running.cancel.abort();
      return true;
    },
    list: () =>
      listBackups(folder()).map((b) => ({
        name: b.name,
        takenAt: b.takenAt,
        version: b.version,
        schemaVersion: b.schemaVersion,
        bytes: b.bytes,
        withSecrets: b.secretsPath !== undefined,
      })),
    start() {
      loop ??= schedule();
    },
    async stop() {
      control.stop();
      await Promise.all([loop, running?.done.catch(() => undefined)]);
    },
  };
}
