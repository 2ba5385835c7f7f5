import { describe, expect, it, vi } from 'vitest';
import { createAssemblyBudget, createCallAssembly } from '../../../electron/host/call-assembly';
import { MAX_CALL_CHARS, MAX_PARTS, PART_CHARS } from '../../../shared/call-parts';
import type { PartFrame } from '../../../shared/wire';

const part = (id: number, index: number, count: number, length: number, text: string): PartFrame => ({ type: 'part', id, index, count, length, text });

/** `text` cut into `count` nearly equal parts of call `id`. */
function partsOf(id: number, text: string, count: number): PartFrame[] {
  const size = Math.ceil(text.length / count);
  return Array.from({ length: count }, (_, i) => part(id, i, count, text.length, text.slice(i * size, (i + 1) * size)));
}

function setup(limit = 1_000) {
  const budget = createAssemblyBudget(limit);
  const dropped = vi.fn();
  return { budget, dropped, assembly: createCallAssembly(budget, dropped) };
}

describe('putting a call together from its parts', () => {
  it('answers the whole text after the last part, reserving its length until then', () => {
    const { budget, assembly } = setup();
    const [a, b, c] = partsOf(1, 'abcdefghij', 3);
    expect(assembly.accept(a!)).toEqual({ kind: 'received' });
    expect(budget.inUse).toBe(10);
    expect(assembly.accept(b!)).toEqual({ kind: 'received' });
    expect(assembly.accept(c!)).toEqual({ kind: 'complete', text: 'abcdefghij' });
    expect(budget.inUse).toBe(0);
  });

  it.each([
    ['out of order', [part(1, 0, 3, 6, 'ab'), part(1, 2, 3, 6, 'ef')], 'Call 1 was not received: part 2 arrived where part 1 was due (parts must come in order).'],
    ['its first part repeated', [part(1, 0, 3, 6, 'ab'), part(1, 0, 3, 6, 'ab')], 'Call 1 was not received: part 0 arrived where part 1 was due (parts must come in order).'],
    ['a count that changes', [part(1, 0, 3, 6, 'ab'), part(1, 1, 4, 6, 'cd')], 'Call 1 was not received: part 1 says 4 parts of 6 characters, but part 0 said 3 parts of 6.'],
    ['more text than declared', [part(1, 0, 2, 3, 'ab'), part(1, 1, 2, 3, 'cd')], 'Call 1 was not received: its parts hold more than the 3 characters part 0 declared.'],
    ['less text than declared', [part(1, 0, 2, 6, 'ab'), part(1, 1, 2, 6, 'cd')], 'Call 1 was not received: its 2 parts hold 4 characters, but part 0 declared 6.'],
  ])('refuses a call with %s, saying so, and frees its budget', (_what, parts, message) => {
    const { budget, assembly } = setup();
    const outcomes = parts.map((p) => assembly.accept(p));
    const refused = outcomes.at(-1)!;
    expect(refused).toMatchObject({ kind: 'refused', id: 1, code: 'invalid_input' });
    expect(refused).toMatchObject({ message });
    expect(budget.inUse).toBe(0);
  });

  it('refuses a part of a call it is not putting together, and carries on with the one it is', () => {
    const { assembly } = setup();
    const [a, b] = partsOf(1, 'abcd', 2);
    assembly.accept(a!);
    expect(assembly.accept(part(7, 1, 2, 4, 'cd'))).toMatchObject({
      kind: 'refused',
      id: 7,
      message: expect.stringMatching(/^Part 1 of call 7 arrived, but call 7 is not being received/),
    });
    expect(assembly.accept(b!)).toEqual({ kind: 'complete', text: 'abcd' });
  });

  it('refuses a call over the largest the contract needs, or with more parts than that, before reserving anything', () => {
    const { budget, assembly } = setup(Number.MAX_SAFE_INTEGER);
    expect(assembly.accept(part(2, 0, MAX_PARTS, MAX_CALL_CHARS + 1, 'x'))).toMatchObject({
      kind: 'refused',
      id: 2,
      message: expect.stringMatching(/^Call 2 is 120,002,561 characters of JSON; the engine accepts at most 120,002,560 in one call\.$/),
    });
    expect(assembly.accept(part(3, 0, MAX_PARTS + 1, MAX_CALL_CHARS, 'x'))).toMatchObject({
      kind: 'refused',
      id: 3,
      message: expect.stringMatching(/parts hold 1 to 262144 characters each, and a call has at most \d+ parts/),
    });
    expect(assembly.accept(part(4, 0, 2, 3 * PART_CHARS, 'x'))).toMatchObject({ kind: 'refused', id: 4 }); // too few parts to hold it
    expect(assembly.accept(part(5, 0, 2, 2, 'x'.repeat(PART_CHARS + 1)))).toMatchObject({
      kind: 'refused',
      id: 5,
      message: `Part 0 of call 5 holds ${PART_CHARS + 1} characters; a part holds at most ${PART_CHARS}.`,
    });
    expect(budget.inUse).toBe(0);
  });

  it('tells a call to try again when the host-wide budget is spent, and takes it once another call gives its share back', () => {
    const budget = createAssemblyBudget(10);
    const first = createCallAssembly(budget, vi.fn());
    const second = createCallAssembly(budget, vi.fn());
    expect(first.accept(part(1, 0, 2, 8, 'abcd'))).toEqual({ kind: 'received' });
    expect(second.accept(part(1, 0, 2, 8, 'abcd'))).toMatchObject({
      kind: 'refused',
      code: 'failed',
      message: 'The engine is busy receiving other large calls just now; try again in a moment (call 1 needs 8 characters of the 10 it sets aside for them, and 8 are in use).',
    });
    first.drop(); // its connection closed
    expect(budget.inUse).toBe(0);
    expect(second.accept(part(1, 0, 2, 8, 'abcd'))).toEqual({ kind: 'received' });
  });

  it('drops an unfinished call when its console starts another, answering the dropped one', () => {
    const { budget, dropped, assembly } = setup();
    assembly.accept(part(1, 0, 3, 9, 'abc'));
    assembly.accept(part(1, 1, 3, 9, 'def'));
    expect(assembly.accept(part(2, 0, 2, 4, 'ab'))).toEqual({ kind: 'received' });
    expect(dropped).toHaveBeenCalledExactlyOnceWith(1, 'Call 1 was dropped after 2 of its 3 parts: the console started sending call 2 instead.');
    expect(budget.inUse).toBe(4);
    expect(assembly.accept(part(2, 1, 2, 4, 'cd'))).toEqual({ kind: 'complete', text: 'abcd' });
  });
});
