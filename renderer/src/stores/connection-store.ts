import { create } from 'zustand';
import type { ConnectionState, Transport } from '../api/transport';

interface ConnectionStore {
  state: ConnectionState;
  transportKind: Transport['kind'] | null;
  /** True once the first load of the engine's state has finished (well or not). */
  ready: boolean;
}

export const useConnectionStore = create<ConnectionStore>(() => ({
  state: 'connecting',
  transportKind: null,
  ready: false,
}));
