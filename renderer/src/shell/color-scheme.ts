import { useSyncExternalStore } from 'react';
import type { ThemePreference } from '../../../shared/domain/preferences';
import { describeError } from '../api/contract-call-error';
import type { Api } from '../api/create-api';
import { usePreferencesStore } from '../stores/preferences-store';
import { useProblemStore } from '../stores/problem-store';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribeToSystemScheme(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

export function useSystemPrefersDark(): boolean {
  return useSyncExternalStore(subscribeToSystemScheme, () => window.matchMedia(DARK_QUERY).matches);
}

export function useThemePreference(): ThemePreference {
  return usePreferencesStore((state) => state.preferences?.theme ?? 'system');
}

/** The scheme the console shows: the person's choice, or the system's while they choose `system`. */
export function useResolvedColorScheme(): 'light' | 'dark' {
  const preference = useThemePreference();
  const systemPrefersDark = useSystemPrefersDark();
  if (preference === 'system') return systemPrefersDark ? 'dark' : 'light';
  return preference;
}

/** Shows the new theme at once and stores it in the engine, which tells every other console. */
export async function changeTheme(api: Api, theme: ThemePreference): Promise<void> {
  const before = usePreferencesStore.getState().preferences;
  if (before) usePreferencesStore.setState({ preferences: { ...before, theme } });
  try {
    usePreferencesStore.setState({ preferences: await api.call('setPreferences', { theme }) });
  } catch (error) {
    if (before) usePreferencesStore.setState({ preferences: before });
    useProblemStore.getState().report(`Could not change the colour scheme: ${describeError(error)}`);
  }
}
