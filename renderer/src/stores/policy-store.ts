import { create } from 'zustand';
import type { PolicyView } from '../../../shared/domain/policy';

/** The machine policy as the engine read it at start (it changes only with a restart). */
export const usePolicyStore = create<{ policy: PolicyView | null }>(() => ({ policy: null }));
