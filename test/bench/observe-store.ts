/**
 * For a benchmark's vi.mock of open-store: the real module, with every store it opens handed to
 * `onOpen` first (kept, or wrapped to count its commits). Imports nothing of the engine, so the
 * mock's factory can load it while open-store itself is being mocked.
 */
import type * as OpenStore from '../../electron/engine/store/open-store';

export function observeOpenStore(real: typeof OpenStore, onOpen: (store: OpenStore.Store) => void): typeof OpenStore {
  return {
    ...real,
    openStore: (...args: Parameters<typeof real.openStore>) => {
      const store = real.openStore(...args);
      onOpen(store);
      return store;
    },
  };
}
