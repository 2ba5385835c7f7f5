/**
 * An answer read once and kept until reset: what a connection keeps of the settings as saved (its
 * client, its settings snapshot), so that jobs do not read the settings (and open the secret store)
 * on every attempt. A failed read is not kept: the next get() reads again.
 */
export interface KeptAnswer<T> {
  get(): Promise<T>;
  /**
   * Forgets the answer. `release` closes what the forgotten one holds (a client's sockets), in the
   * background: an answer that never arrived has nothing to release.
   */
  reset(release?: (old: T) => unknown): void;
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
    reset(release) {
      const old = kept;
      kept = undefined;
      if (old && release) void old.then(release).catch(() => {});
    },
  };
}
