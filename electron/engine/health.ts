/**
 * The engine's health alarms: named problems with the engine itself (its store, its disk), raised
 * by the component that sees one start and cleared by the one that sees it end. Consoles read them
 * with getHealth and hear every change as `healthChanged`; the desktop tray shows them too.
 *
 * Decisions:
 * - One alarm per id. Raising it again updates its level and message (a count of lost entries
 *   grows) but keeps `since`, so a banner says how long the trouble has lasted.
 * - An event only when what a console shows changes: a failure repeated every event-loop turn
 *   must not flood the consoles.
 * - Errors before warnings, then the oldest first: the most serious, longest trouble leads.
 */
import type { HealthAlarm, HealthAlarmId } from '../../shared/domain/health';
import type { Clock } from './clock';
import type { EventHub } from './events';

export interface Health {
  raise(id: HealthAlarmId, level: HealthAlarm['level'], message: string): void;
  clear(id: HealthAlarmId): void;
  isActive(id: HealthAlarmId): boolean;
  /** The active alarms, most serious first. */
  active(): HealthAlarm[];
}

export function createHealth(deps: { clock: Clock; events: Pick<EventHub, 'emit'> }): Health {
  const alarms = new Map<HealthAlarmId, HealthAlarm>();
  const active = () => [...alarms.values()].sort((a, b) => (a.level === b.level ? a.since.localeCompare(b.since) : a.level === 'error' ? -1 : 1));
  const changed = () => deps.events.emit('healthChanged', active());
  return {
    raise(id, level, message) {
      const current = alarms.get(id);
      if (current && current.level === level && current.message === message) return;
      alarms.set(id, { id, level, message, since: current?.since ?? deps.clock.now().toISO()! });
      changed();
    },
    clear(id) {
      if (alarms.delete(id)) changed();
    },
    isActive: (id) => alarms.has(id),
    active,
  };
}
