/**
 * The cost of the permission check per call (shared/dispatch.ts): a cheap call (its handler answers
 * at once) dispatched for a role that may make it, beside the same work without the check (the
 * name, the input parsed, the handler, the envelope), measured in one run; and what a refused call
 * costs (its words name who may). The handler table the engine hands its transports also runs each
 * call on behalf of its caller (acting-person.ts): that cost is printed too, for the whole picture.
 *
 * The variants take turns, mirrored each round (measure.ts), and each figure is the best round: a
 * burst of load from elsewhere on the shared machine falls on all of them alike.
 */
import { performance } from 'node:perf_hooks';
import { it } from 'vitest';
import { actingFor } from '../../electron/engine/acting-person';
import { calls, isCallName, type CallResult, type Handlers } from '../../shared/contract';
import { dispatchCall, fail } from '../../shared/dispatch';
import type { Caller } from '../../shared/domain/people';
import { alternatedRounds, best } from './measure';
import { report } from './report';

const CALLS_PER_ROUND = 100_000;
const ROUNDS = 7;
const SAM: Caller = { name: 'Sam Patel', role: 'support', source: 'local', accountId: 2 };
const VIEWER: Caller = { name: 'Val Jones', role: 'viewer', source: 'local', accountId: 3 };
const INPUT = { id: 42 };
const ANSWER = { id: 42, state: 'queued' };

/** One call of the contract with an input to parse and a permission to check ('jobs'), answering at once. */
const handlers = { retryJob: () => ANSWER } as unknown as Handlers;
const acting = actingFor(handlers);

/** dispatchCall's steps for the same call, less the permission check: the baseline. */
async function dispatchWithoutCheck(table: Handlers, name: unknown, rawInput: unknown, caller: Caller): Promise<CallResult<unknown>> {
  if (!isCallName(name)) return fail('unknown_call', 'There is no such call.');
  const parsed = calls[name].input.safeParse(rawInput);
  if (!parsed.success) return fail('invalid_input', `${name}: the input is not valid.`);
  try {
    const handler = table[name] as (input: unknown, caller: Caller) => unknown;
    return { ok: true, value: await handler(parsed.data, caller) };
  } catch (error) {
    return fail('failed', `${name} failed: ${String(error)}`);
  }
}

type Variant = 'unchecked' | 'checked' | 'refused' | 'acting';
const RUNS: Record<Variant, () => Promise<CallResult<unknown>>> = {
  unchecked: () => dispatchWithoutCheck(handlers, 'retryJob', INPUT, SAM),
  checked: () => dispatchCall(handlers, 'retryJob', INPUT, SAM),
  refused: () => dispatchCall(handlers, 'retryJob', INPUT, VIEWER),
  acting: () => dispatchCall(acting, 'retryJob', INPUT, SAM),
};
const EXPECTED: Record<Variant, boolean> = { unchecked: true, checked: true, refused: false, acting: true };

/** Nanoseconds per call over one round; every answer is checked, so a variant cannot be measured doing nothing. */
async function nsPerCall(variant: Variant): Promise<number> {
  const run = RUNS[variant];
  const start = performance.now();
  for (let i = 0; i < CALLS_PER_ROUND; i++) {
    const result = await run();
    if (result.ok !== EXPECTED[variant]) throw new Error(`${variant}: answered ${JSON.stringify(result)}`);
  }
  return ((performance.now() - start) * 1e6) / CALLS_PER_ROUND;
}

it('the permission check per call', async () => {
  for (const variant of Object.keys(RUNS) as Variant[]) await nsPerCall(variant); // warm every path up
  const rounds = await alternatedRounds(ROUNDS, Object.keys(RUNS) as Variant[], nsPerCall);
  const ns = (variant: Variant) => best(rounds.get(variant)!, (n) => -n);
  const [unchecked, checked, refused, acting] = [ns('unchecked'), ns('checked'), ns('refused'), ns('acting')];

  report({ name: 'permissions: a cheap call without the permission check (parse, handler, answer)', value: unchecked, unit: 'ns/call' });
  report({ name: 'permissions: the same call, its permission checked (an allowed role)', value: checked, unit: 'ns/call' });
  // The check is a lookup in a set per role: it should be lost in the noise of the parse.
  report({ name: 'permissions: what the check adds to an allowed call', value: Math.max(0, checked - unchecked), unit: 'ns/call', target: { op: '<=', value: 1_000 } });
  report({ name: 'permissions: checked / unchecked', value: checked / unchecked, unit: 'x' });
  report({ name: 'permissions: a refused call (the check, and words naming who may)', value: refused, unit: 'ns/call' });
  report({ name: 'permissions: an allowed call run on behalf of its caller (AsyncLocalStorage, as the engine runs it)', value: acting, unit: 'ns/call' });
});
