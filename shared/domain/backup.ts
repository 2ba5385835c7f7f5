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
