/**
 * An answer read once and kept until reset: what a connection keeps of the settings as saved (its
 * client, its settings snapshot), so that jobs do not read the settings (and open the secret store)
 * on every attempt. A failed read is not kept: the next get() reads again.
 */
export interface KeptAnswer<T> {
  get(): Promise<T>;
  /** Forgets the answer; returns the one forgotten (to close what it holds), if any. */
  reset(): Promise<T> | undefined;
}

export function keptAnswer<T>(read: () => Promise<T>): KeptAnswer<T> {
  let kept: Promise<T> | undefined;
  return {
    get() {
      kept ??= read().catch((error: unknown) => {
        kept = undefined;
        throw error;
      });
      return kept;
    },
    reset() {
      const old = kept;
      kept = undefined;
      return old;
    },
  };
}
