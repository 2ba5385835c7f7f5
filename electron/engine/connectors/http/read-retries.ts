/**
 * Reads (GETs) tried again within one call, for every connector: a job attempt or a page makes
 * several reads, and one flaky read should not cost the whole of it. A GET changes nothing, so this
 * is always safe. Only failures of kind `connection` or `remote` (a dropped or refused connection, a
 * 5xx, an unreadable answer) are tried again; timeouts (the full wait has been spent), 429 (the
 * queue honours Retry-After), authentication and everything not retryable are left to the caller.
 * The waits are on the injected clock, and end at once when the caller's signal aborts (the engine
 * stopping): the call then fails with the signal's reason instead of trying again. Writes are never
 * retried here.
 */
import type { Clock } from '../../clock';
import { ConnectorError } from '../errors';

/** How many times one GET is tried within a call (1 = no retry). */
export const DEFAULT_READ_TRIES = 3;
/** The wait before a read's second try; it doubles for each further try. */
export const DEFAULT_READ_RETRY_DELAY_MS = 250;

export function isWorthReadingAgain(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError && error.retryable && (error.kind === 'connection' || error.kind === 'remote');
}

/** Returns `retry(what, read, signal?)`, which runs one read (a single GET and its parsing) with those tries. */
export function createReadRetries(options: {
  clock: Pick<Clock, 'sleep'>;
  tries?: number;
  delayMs?: number;
  /** Hears each retry (a debug line in the log). */
  onRetry?: (what: string, error: ConnectorError, delayMs: number, nextTry: number, tries: number) => void;
}): <T>(what: string, read: () => Promise<T>, signal?: AbortSignal) => Promise<T> {
  const tries = Math.max(1, Math.floor(options.tries ?? DEFAULT_READ_TRIES));
  const baseDelay = Math.max(0, options.delayMs ?? DEFAULT_READ_RETRY_DELAY_MS);
  return async (what, read, signal) => {
    for (let tryNumber = 1; ; tryNumber++) {
      try {
        return await read();
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (tryNumber >= tries || !isWorthReadingAgain(error)) throw error;
        const delayMs = baseDelay * 2 ** (tryNumber - 1);
        options.onRetry?.(what, error, delayMs, tryNumber + 1, tries);
        await options.clock.sleep(delayMs, signal);
        signal?.throwIfAborted();
      }
    }
  };
}
