/**
 * The signal one request is sent with: it aborts when the request's time is up, or at once when the
 * caller's own signal does (the engine stopping). The timer is a real one: the network does not run
 * on the injected clock. `timedOut()` tells a timeout from the caller's abort, which are reported
 * differently; `clear()` must be called when the request is over, answered or not.
 */
export interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  clear(): void;
}

export function startDeadline(timeoutMs: number, caller?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const callerAborted = () => controller.abort();
  caller?.addEventListener('abort', callerAborted, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', callerAborted);
    },
  };
}
