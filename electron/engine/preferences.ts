import { DEFAULT_PREFERENCES, PreferencesSchema, type Preferences, type PreferencesPatch } from '../../shared/domain/preferences';
import type { Clock } from './clock';
import type { EventHub } from './events';
import type { LogBus } from './log/log-bus';
import type { SettingsRepo } from './store/settings-repo';

const KEY = 'console.preferences';

/** Console preferences (theme, last page), kept in the engine's settings so every host shares them. */
export interface PreferencesService {
  get(): Preferences;
  set(patch: PreferencesPatch): Preferences;
}

export function createPreferences(deps: { settings: SettingsRepo; clock: Clock; events: EventHub; log: LogBus }): PreferencesService {
  const get = (): Preferences => {
    const stored = deps.settings.get(KEY);
    if (stored === undefined) return { ...DEFAULT_PREFERENCES };
    // Keep whatever stored values are still valid; a value from an older version falls back alone.
    const merged = { ...DEFAULT_PREFERENCES };
    for (const key of Object.keys(DEFAULT_PREFERENCES) as (keyof Preferences)[]) {
      const candidate = { ...merged, [key]: (stored as Record<string, unknown>)?.[key] };
      if (PreferencesSchema.safeParse(candidate).success) Object.assign(merged, candidate);
    }
    return merged;
  };
  return {
    get,
    set(patch) {
      const before = get();
      const after = PreferencesSchema.parse({ ...before, ...patch });
      deps.settings.set(KEY, after, deps.clock.now().toISO()!);
      // The theme is a deliberate choice worth a log line; the last page changes on every click.
      if (after.theme !== before.theme) {
        deps.log.write({ level: 'info', source: 'console', message: `Console theme set to ${after.theme}.` });
      }
      deps.events.emit('preferencesChanged', after);
      return after;
    },
  };
}
