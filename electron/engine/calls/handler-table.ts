/**
 * The contract's handler table, joined from one group of handlers per area (calls/*-calls.ts). Each
 * group is checked against the contract where it is written (`satisfies Partial<Handlers>`); the
 * type of the join says every call has a handler, and the join refuses a call two groups answer
 * (a spread would silently keep the last).
 */
import type { Handlers } from '../../../shared/contract';

type Joined<G extends readonly object[]> = G extends readonly [infer First, ...infer Rest extends readonly object[]] ? First & Joined<Rest> : unknown;

export function joinHandlers<const G extends readonly Partial<Handlers>[]>(...groups: G): Joined<G> {
  const table: Record<string, unknown> = {};
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      if (name in table) throw new Error(`Two handler groups answer the call ${name}: each call has one handler.`);
      table[name] = handler;
    }
  }
  return table as Joined<G>;
}
