/**
 * Every contract call has exactly one handler: the type of the joined table says none is missing
 * (checked by tsc below), the join refuses a call that two groups answer, and the engine's table
 * holds the contract's calls and nothing else.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { calls, type Handlers } from '../../../../shared/contract';
import { joinHandlers } from '../../../../electron/engine/calls/handler-table';
import { startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const health = { getHealth: () => [] } satisfies Partial<Handlers>;
const preferences = { getPreferences: () => ({ theme: 'auto' }) as never } satisfies Partial<Handlers>;

describe('the handler table', () => {
  it('joins groups that answer different calls', () => {
    const joined = joinHandlers(health, preferences);
    expect(Object.keys(joined).sort()).toEqual(['getHealth', 'getPreferences']);
    expect(joined.getHealth).toBe(health.getHealth);
  });

  it('refuses a call that two groups answer, naming it', () => {
    expect(() => joinHandlers(health, preferences, { getHealth: () => [] })).toThrow('Two handler groups answer the call getHealth: each call has one handler.');
  });

  it('is not a whole table while a call has no handler (the type says so)', () => {
    // @ts-expect-error: getAppInfo and the other calls have no handler here.
    const incomplete: Handlers = joinHandlers(health, preferences);
    expect(Object.keys(incomplete)).toHaveLength(2);
  });

  it("the engine's table has one handler for each of the contract's calls, and nothing else", () => {
    t = startTestEngine();
    const handlers = t.engine.handlers as unknown as Record<string, unknown>;
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(calls).sort());
    for (const name of Object.keys(calls)) expect(typeof handlers[name], name).toBe('function');
  });
});
