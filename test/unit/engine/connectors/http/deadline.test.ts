import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDeadline } from '../../../../../electron/engine/connectors/http/deadline';

// The deadline runs on real timers in use (the network does not run on the injected clock); here they are vitest's fakes.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a request’s deadline', () => {
  it('aborts when the time is up, and says it timed out', () => {
    const deadline = startDeadline(1_000);
    vi.advanceTimersByTime(999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(true);
    deadline.clear();
  });

  it('aborts at once with the caller’s signal, and says it did not time out', () => {
    const caller = new AbortController();
    const deadline = startDeadline(60_000, caller.signal);
    caller.abort(new Error('stopping'));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(false);
    deadline.clear();
  });

  it('once cleared, neither the timer nor the caller aborts it, and no timer is left behind', () => {
    const caller = new AbortController();
    const deadline = startDeadline(1_000, caller.signal);
    deadline.clear();
    expect(vi.getTimerCount()).toBe(0);
    caller.abort();
    vi.advanceTimersByTime(5_000);
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.timedOut()).toBe(false);
  });
});
