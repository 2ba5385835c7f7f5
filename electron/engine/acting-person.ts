/**
 * Who the engine is acting for while it handles a call, so that every record a call leaves (a
 * retry, a cancel, a reveal, an erasure, a log entry) names the person who made it rather than the
 * operating-system user the engine runs as. The dispatcher says who called; `actingFor` keeps that
 * caller for everything the handler does, awaited or not, through Node's AsyncLocalStorage.
 *
 * Decisions:
 * - Records read the acting person through `operator()` at the moment they are written, so no
 *   component needs a caller threaded through its functions.
 * - Work the engine does on its own (a scheduled retry, retention, the intake webhook) runs outside
 *   any call and is recorded without a person, or as the local person where a name is required.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Handlers } from '../../shared/contract';
import type { Caller } from '../../shared/domain/people';

const acting = new AsyncLocalStorage<Caller>();

/** The handler table with each handler run on behalf of the caller the dispatcher names. */
export function actingFor(handlers: Handlers): Handlers {
  const table: Record<string, (input: unknown, caller?: Caller) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (input: unknown, caller?: Caller) => unknown][]) {
    table[name] = (input, caller) => (caller ? acting.run(caller, () => handler(input, caller)) : handler(input, caller));
  }
  return table as Handlers;
}

/** The person the current call is made by, if the engine is handling one. */
export function actingPerson(): Caller | undefined {
  return acting.getStore();
}

/** The name records carry: the acting person's, or (outside any call) the local person's. */
export function operatorFor(local: Caller): () => string {
  return () => acting.getStore()?.name ?? local.name;
}
