import { describe, expect, it, vi } from 'vitest';
import { keptAnswer } from '../../../../electron/engine/connectors/kept-answer';

describe('an answer kept until reset', () => {
  it('is read once while kept, and again after a reset', async () => {
    let reads = 0;
    const kept = keptAnswer(async () => ++reads);
    expect(await Promise.all([kept.get(), kept.get()])).toEqual([1, 1]);
    kept.reset();
    expect(await kept.get()).toBe(2);
  });

  it('does not keep a failed read: the next get reads again', async () => {
    const read = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('settings unreadable')).mockResolvedValue('settings');
    const kept = keptAnswer(read);
    await expect(kept.get()).rejects.toThrow('settings unreadable');
    expect(await kept.get()).toBe('settings');
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('releases the forgotten answer, and a release that fails or has nothing to release is harmless', async () => {
    const closed: string[] = [];
    const kept = keptAnswer(async () => 'client A');
    kept.reset((old) => closed.push(old)); // nothing read yet: nothing to release
    await kept.get();
    kept.reset((old) => closed.push(old));
    await vi.waitFor(() => expect(closed).toEqual(['client A']));

    const failing = keptAnswer(async () => 'client B');
    await failing.get();
    failing.reset(() => Promise.reject(new Error('already closed')));
    expect(await failing.get()).toBe('client B');
  });
});
