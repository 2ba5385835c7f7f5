/**
 * Two-way sync with Tascomi (the CRM in the seed lacks it): poll for Service Requests changed since
 * the last poll that belong to known cases, and apply the incoming templates to those cases.
 */
import { z } from 'zod';

export const TascomiSyncSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** How often to ask Tascomi what changed. */
    intervalMinutes: z.number().int().min(1, 'poll at most once a minute').max(1440, 'poll at least once a day'),
  })
  .strict();
export type TascomiSyncSettings = z.infer<typeof TascomiSyncSettingsSchema>;

export const DEFAULT_TASCOMI_SYNC: Readonly<TascomiSyncSettings> = { enabled: false, intervalMinutes: 5 };

export interface TascomiSyncRun {
  /** ISO 8601, this computer's zone setting. */
  startedAt: string;
  /** Changes read since this moment (Tascomi's `last_updated`, in Tascomi's zone). */
  since: string;
  /** Service Requests changed since then that Tascomi listed. */
  changed: number;
  /** Of those, the ones that belong to cases here. */
  matched: number;
  /** Cases whose fields the incoming templates changed. */
  updated: number;
  error?: string;
}

export type TascomiSyncView = TascomiSyncSettings & {
  /** The last poll, when there was one since the engine started. */
  lastRun?: TascomiSyncRun;
  /** When the next poll is due (ISO 8601), while enabled. */
  nextRunAt?: string;
};
