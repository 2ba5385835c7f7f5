import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDeadline, type Deadline } from '../../../../../electron/engine/connectors/http/deadline';

// The deadline runs on real timers in use (the network does not run on the injected clock); here they are vitest's fakes.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const state = (deadline: Deadline) => ({ aborted: deadline.signal.aborted, timedOut: deadline.timedOut() });

describe('a request’s deadline', () => {
  it('aborts when the time is up, and says it timed out', () => {
    const deadline = startDeadline(1_000);
    vi.advanceTimersByTime(999);
    expect(state(deadline)).toEqual({ aborted: false, timedOut: false });
    vi.advanceTimersByTime(1);
    expect(state(deadline)).toEqual({ aborted: true, timedOut: true });
    deadline.clear();
  });

  it('aborts at once with the caller’s signal, and says it did not time out', () => {
    const caller = new AbortController();
    const deadline = startDeadline(60_000, caller.signal);
    caller.abort(new Error('stopping'));
    expect(state(deadline)).toEqual({ aborted: true, timedOut: false });
    deadline.clear();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('once cleared, neither the timer nor the caller aborts it, and no timer is left behind', () => {
    const caller = new AbortController();
    const deadline = startDeadline(1_000, caller.signal);
    deadline.clear();
    expect(vi.getTimerCount()).toBe(0);
    caller.abort();
    vi.advanceTimersByTime(5_000);
    expect(state(deadline)).toEqual({ aborted: false, timedOut: false });
  });
});
