/** The application's own calls: what the About panel and the health banner show, and the console's preferences. */
import type { Handlers } from '../../../shared/contract';
import type { AppInfo } from '../../../shared/domain/app-info';
import type { Health } from '../health';
import type { PreferencesService } from '../preferences';

export function appCalls(deps: { info(): AppInfo; health: Pick<Health, 'active'>; preferences: PreferencesService }) {
  return {
    getAppInfo: () => deps.info(),
    getHealth: () => deps.health.active(),
    getPreferences: () => deps.preferences.get(),
    setPreferences: (patch) => deps.preferences.set(patch),
  } satisfies Partial<Handlers>;
}
