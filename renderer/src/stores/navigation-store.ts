import { create } from 'zustand';
import type { PageId } from '../../../shared/domain/pages';

/** The page this console shows; null until it is known (from the address or the preferences). */
export const useNavigationStore = create<{ page: PageId | null }>(() => ({ page: null }));
