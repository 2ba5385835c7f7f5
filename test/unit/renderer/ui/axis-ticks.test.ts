import { describe, expect, it } from 'vitest';
import { countAxis } from '../../../../renderer/src/ui/axis-ticks';

describe('countAxis', () => {
  it('steps 1, 2 or 5 times a power of ten, from zero to at or above the largest value', () => {
    expect(countAxis(13)).toEqual({ ticks: [0, 5, 10, 15], step: 5, top: 15 });
    expect(countAxis(7)).toEqual({ ticks: [0, 2, 4, 6, 8], step: 2, top: 8 });
    expect(countAxis(3)).toEqual({ ticks: [0, 1, 2, 3], step: 1, top: 3 });
    expect(countAxis(100)).toEqual({ ticks: [0, 20, 40, 60, 80, 100], step: 20, top: 100 });
    expect(countAxis(1234).ticks).toEqual([0, 500, 1000, 1500]);
  });

  it('never steps by less than one: counts have no fractions', () => {
    expect(countAxis(0)).toEqual({ ticks: [0, 1], step: 1, top: 1 });
    expect(countAxis(1)).toEqual({ ticks: [0, 1], step: 1, top: 1 });
    expect(countAxis(0.4).step).toBe(1);
  });

  it('keeps every step equal and round for any largest value up to a million', () => {
    for (let largest = 0; largest <= 1_000_000; largest += largest < 200 ? 1 : 997) {
      const { ticks, step, top } = countAxis(largest);
      expect(top).toBeGreaterThanOrEqual(largest);
      expect(ticks.length).toBeLessThanOrEqual(7);
      expect(ticks.every((tick, i) => tick === i * step)).toBe(true);
      expect(step / 10 ** Math.floor(Math.log10(step))).toBeOneOf([1, 2, 5]);
      // No wasted step above the largest value (beyond the one-step minimum).
      expect(top - step).toBeLessThan(Math.max(largest, 1));
    }
  });

  it('refuses a negative or missing largest value', () => {
    expect(() => countAxis(-1)).toThrow('must be zero or more, not -1');
    expect(() => countAxis(Number.NaN)).toThrow('not NaN');
  });
});
