/**
 * Backups of the store: where they go, when the daily one runs, how many are kept. The folder is
 * empty for the default, `<data folder>/backups`, which follows the data folder if that moves.
 */
import { z } from 'zod';

export const BACKUP_KEEP_MAX = 365;

export const BackupSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** Local time in the engine's zone, 24-hour `HH:MM`. */
    time: z
      .string()
      .length(5, 'a time of day as HH:MM (24-hour), for example 02:30')
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (24-hour), for example 02:30'),
    keep: z.number().int().min(1, 'keep at least one backup').max(BACKUP_KEEP_MAX, `at most ${BACKUP_KEEP_MAX} backups`),
    /** An absolute folder; '' for the default. */
    folder: z.string().max(1000, 'at most 1000 characters'),
  })
  .strict();
export type BackupSettings = z.infer<typeof BackupSettingsSchema>;

/** Daily at 02:00, when councils' CRMs are quiet; a week kept. */
export const DEFAULT_BACKUP_SETTINGS: Readonly<BackupSettings> = { enabled: true, time: '02:00', keep: 7, folder: '' };

/** "Back up now": secrets go in only with a passphrase to seal them. */
export const RunBackupInputSchema = z
  .object({
    passphrase: z.string().min(12, 'at least 12 characters').max(1000, 'at most 1000 characters').optional(),
  })
  .strict();

export interface BackupTaken {
  name: string;
  folder: string;
  bytes: number;
  schemaVersion: number;
  withSecrets: boolean;
}

export interface BackupListing {
  name: string;
  takenAt: string;
  version: string;
  schemaVersion: number;
  bytes: number;
  withSecrets: boolean;
}

/**
 * Restore from the console: a backup in the backup folder by its name, or any backup file by its
 * full path (one on a share, copied from another machine). The passphrase restores sealed secrets.
 */
export const RestoreBackupInputSchema = z
  .object({
    name: z
      .string()
      .max(200, 'at most 200 characters')
      .regex(/^casebridge-[0-9A-Za-z.+_-]+\.sqlite$/, 'the name of a backup in the backup folder, as the list shows it')
      .optional(),
    path: z.string().min(1, 'give the full path of the backup file').max(1000, 'at most 1000 characters').optional(),
    passphrase: z.string().min(12, 'at least 12 characters').max(1000, 'at most 1000 characters').optional(),
  })
  .strict()
  .refine((input) => (input.name === undefined) !== (input.path === undefined), { message: 'choose a backup from the list or give a file path (one of them)', path: ['name'] });

export interface RestoreStarted {
  /** The backup file being restored. */
  path: string;
  schemaVersion: number;
  secrets: 'restored' | 'kept current' | 'none in backup';
}

/** A backup's progress, as it runs: pages copied, then the copy's check. */
export interface BackupProgressEvent {
  phase: 'copying' | 'checking' | 'done' | 'failed' | 'cancelled';
  copiedPages: number;
  totalPages: number;
}
