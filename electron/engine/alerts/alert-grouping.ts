/**
 * What turns a stream of events and states into few messages: no flood when 300 jobs die at once or
 * a breaker flaps. A pure state machine on times passed in (no timers), so it is tested without
 * waiting; the alert system's loop asks it what is due.
 *
 * Decisions:
 * - Two sorts of condition. Counted (a job died): events of one condition are collected for the
 *   grouping window from the first, then go out as one message with counts by connector and error
 *   class, every connector together. A state (a breaker open too long, the disk low): one message
 *   when it starts, and a recovery message when it ends, per connector where it is about one.
 * - The quiet period follows any message of a key: a burst in it is held, not dropped, and goes out
 *   as one message when the period ends (so "nothing lost" holds); a state that comes back in it
 *   (a flapping breaker) is announced when the period ends, if it is still on then.
 * - A recovery is never held back: it is the message people wait for. It is sent only for a state
 *   that was announced (one that started and ended inside a quiet period said nothing either way).
 * - Held in memory: a restart forgets a group not yet sent (the dead jobs stay on the Jobs page) and
 *   the states (each source reports its state again on its next poll).
 */
import type { AlertCondition } from '../../../shared/domain/alerts';
import type { ConnectorId } from '../../../shared/domain/job';

/** A counted condition's events, as one message reports them. */
export interface EventGroup {
  firstAt: number;
  lastAt: number;
  count: number;
  byConnector: Map<ConnectorId, number>;
  byClass: Map<string, number>;
  /** The first job ids, for the message (the rest are counted). */
  jobIds: number[];
}

/** A state condition while it holds: since when, and what the message may say about it (no personal data). */
export interface ActiveState {
  since: number;
  /** Facts for the message: counts, classes, times; never a message text from outside. */
  facts: { label: string; value: string }[];
}

export type Outgoing =
  | { kind: 'alert'; condition: AlertCondition; group: EventGroup }
  | { kind: 'alert'; condition: AlertCondition; connector?: ConnectorId; state: ActiveState }
  | { kind: 'recovery'; condition: AlertCondition; connector?: ConnectorId; state: ActiveState; endedAt: number };

export interface GroupingTimes {
  groupingMs: number;
  quietMs: number;
}

export interface AlertGrouping {
  /** A counted event (a job died) at `at`. */
  event(condition: AlertCondition, at: number, event: { connector: ConnectorId; errorClass: string; jobId: number }): void;
  /** A state condition as its source sees it now: holding (with since when) or not. */
  state(condition: AlertCondition, connector: ConnectorId | undefined, state: ActiveState | undefined, now: number): void;
  /** The messages due at `now`; each is handed out once. */
  due(now: number, times: GroupingTimes): Outgoing[];
  /** When the next message could be due (a window or quiet period ends); undefined when nothing waits. */
  nextDueAt(times: GroupingTimes): number | undefined;
}

const SHOWN_JOB_IDS = 10;

interface KeyState {
  group?: EventGroup;
  lastSentAt?: number;
  active?: ActiveState;
  announced?: ActiveState;
}

export function createAlertGrouping(): AlertGrouping {
  const keys = new Map<string, KeyState & { condition: AlertCondition; connector?: ConnectorId }>();
  const entry = (condition: AlertCondition, connector?: ConnectorId) => {
    const key = `${condition}|${connector ?? ''}`;
    let found = keys.get(key);
    if (!found) keys.set(key, (found = { condition, ...(connector ? { connector } : {}) }));
    return found;
  };
  const quietEnds = (k: KeyState, times: GroupingTimes) => (k.lastSentAt === undefined ? -Infinity : k.lastSentAt + times.quietMs);

  return {
    event(condition, at, { connector, errorClass, jobId }) {
      const k = entry(condition);
      const group: EventGroup = (k.group ??= { firstAt: at, lastAt: at, count: 0, byConnector: new Map(), byClass: new Map(), jobIds: [] as number[] });
      group.lastAt = Math.max(group.lastAt, at);
      group.count += 1;
      group.byConnector.set(connector, (group.byConnector.get(connector) ?? 0) + 1);
      group.byClass.set(errorClass, (group.byClass.get(errorClass) ?? 0) + 1);
      if (group.jobIds.length < SHOWN_JOB_IDS) group.jobIds.push(jobId);
    },

    state(condition, connector, state) {
      entry(condition, connector).active = state;
    },

    due(now, times) {
      const out: Outgoing[] = [];
      for (const k of keys.values()) {
        const quietOver = now >= quietEnds(k, times);
        if (k.group && quietOver && now >= k.group.firstAt + times.groupingMs) {
          out.push({ kind: 'alert', condition: k.condition, group: k.group });
          k.group = undefined;
          k.lastSentAt = now;
        }
        if (k.active && !k.announced && quietOver) {
          out.push({ kind: 'alert', condition: k.condition, ...(k.connector ? { connector: k.connector } : {}), state: k.active });
          k.announced = k.active;
          k.lastSentAt = now;
        } else if (!k.active && k.announced) {
          out.push({ kind: 'recovery', condition: k.condition, ...(k.connector ? { connector: k.connector } : {}), state: k.announced, endedAt: now });
          k.announced = undefined;
          k.lastSentAt = now;
        }
      }
      return out;
    },

    nextDueAt(times) {
      const ends: number[] = [];
      for (const k of keys.values()) {
        if (k.group) ends.push(Math.max(k.group.firstAt + times.groupingMs, quietEnds(k, times)));
        if (k.active && !k.announced) ends.push(Math.max(quietEnds(k, times), 0));
      }
      return ends.length > 0 ? Math.min(...ends) : undefined;
    },
  };
}
