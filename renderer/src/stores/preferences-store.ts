import { create } from 'zustand';
import type { Preferences } from '../../../shared/domain/preferences';

/** The engine's console preferences as last heard (null until the first load). */
export const usePreferencesStore = create<{ preferences: Preferences | null }>(() => ({ preferences: null }));
