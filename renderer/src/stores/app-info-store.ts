import { create } from 'zustand';
import type { AppInfo } from '../../../shared/domain/app-info';

export const useAppInfoStore = create<{ info: AppInfo | null }>(() => ({ info: null }));
