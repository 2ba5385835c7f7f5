import { z } from 'zod';
import { PageIdSchema } from './pages';

/** Console preferences live in the engine's settings so the desktop app and the headless host share them. */
export const ThemePreferenceSchema = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof ThemePreferenceSchema>;

export const PreferencesSchema = z
  .object({
    theme: ThemePreferenceSchema,
    lastPage: PageIdSchema,
    /** The desktop app shows a notification when a job dies (uses up its attempts). */
    notifyDeadJobs: z.boolean(),
    /** The Log and Jobs pages' filters as their address query, so a view survives a restart of either host. */
    logFilter: z.string().max(2000),
    jobsFilter: z.string().max(2000),
  })
  .strict();
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = { theme: 'system', lastPage: 'connections', notifyDeadJobs: true, logFilter: '', jobsFilter: '' };

/** A change to some preferences; at least one must be given. */
export const PreferencesPatchSchema = PreferencesSchema.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'name at least one preference to change' });
export type PreferencesPatch = z.infer<typeof PreferencesPatchSchema>;
