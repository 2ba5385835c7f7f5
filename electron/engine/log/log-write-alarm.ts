/**
 * A log write that fails is a health alarm the console shows, not a line on stderr nobody reads: it
 * says how many entries have been lost since when, and why. A later write that succeeds clears it.
 * Entries cannot be kept for later: what fails to store is usually a full or failing disk, where
 * holding them in memory would only grow until the process dies.
 */
import type { Health } from '../health';
import type { StoreFaultWatch } from '../store/store-faults';

export interface LogWriteAlarm {
  /** `lost` entries could not be stored. */
  failed(error: unknown, lost: number): void;
  /** A write was stored. */
  stored(): void;
}

export function createLogWriteAlarm(deps: {
  health: Pick<Health, 'raise' | 'clear'>;
  store: StoreFaultWatch;
  /** Told of every loss too (the metrics count them). */
  lost?: (count: number) => void;
}): LogWriteAlarm {
  let lost = 0;
  return {
    failed(error, count) {
      lost += count;
      deps.lost?.(count);
      // The store's own alarm too (a full disk, a damaged file), worded as the store's problem.
      const reason = deps.store.observe(error);
      const why = reason instanceof Error ? reason.message : String(reason);
      deps.health.raise('log-write-failed', 'error', `${lost} log ${lost === 1 ? 'entry' : 'entries'} could not be stored and ${lost === 1 ? 'is' : 'are'} lost. Why: ${why}`);
    },
    stored() {
      deps.store.writable();
      if (lost === 0) return;
      lost = 0;
      deps.health.clear('log-write-failed');
    },
  };
}
