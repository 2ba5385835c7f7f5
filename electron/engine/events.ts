import type { EventName, EventPayload, Unsubscribe } from '../../shared/contract';

export type AnyEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/**
 * The engine's outgoing events, typed by the contract. Transports listen to every event with
 * `onAny` and forward it to their consoles; a throwing listener never stops the others.
 */
export interface EventHub {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  onAny(listener: AnyEventListener): Unsubscribe;
  /** Whether anyone would hear `name` (so a payload that is costly to build can be skipped). */
  isHeard(name: EventName): boolean;
}

export function createEventHub(onListenerError: (error: unknown) => void = () => {}): EventHub {
  const byName = new Map<EventName, Set<(payload: unknown) => void>>();
  const any = new Set<AnyEventListener>();
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      onListenerError(error);
    }
  };
  return {
    emit(name, payload) {
      for (const listener of byName.get(name) ?? []) safely(() => listener(payload));
      for (const listener of any) safely(() => listener(name, payload));
    },
    on(name, listener) {
      const set = byName.get(name) ?? new Set();
      byName.set(name, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    onAny(listener) {
      any.add(listener);
      return () => any.delete(listener);
    },
    isHeard: (name) => any.size > 0 || (byName.get(name)?.size ?? 0) > 0,
  };
}
