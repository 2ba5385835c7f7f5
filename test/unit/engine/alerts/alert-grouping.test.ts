import { describe, expect, it } from 'vitest';
import { createAlertGrouping, type Outgoing } from '../../../../electron/engine/alerts/alert-grouping';

const times = { groupingMs: 120_000, quietMs: 60 * 60_000 };
const T0 = Date.parse('2026-12-05T10:00:00Z');

function burst(grouping: ReturnType<typeof createAlertGrouping>, count: number, from: number, firstId = 1) {
  for (let i = 0; i < count; i += 1) {
    grouping.event('job-dead', from + i * 100, { connector: i % 10 === 0 ? 'civica-cx' : 'tascomi', errorClass: i % 3 === 0 ? 'timeout' : 'connection', jobId: firstId + i });
  }
}

describe('alert grouping: no floods', () => {
  it('collects a burst of 300 dead jobs into one message once the grouping window has passed, with counts by connector and error class', () => {
    const grouping = createAlertGrouping();
    burst(grouping, 300, T0);
    expect(grouping.due(T0 + 60_000, times)).toEqual([]);
    expect(grouping.nextDueAt(times)).toBe(T0 + 120_000);
    const due = grouping.due(T0 + 120_000, times);
    expect(due).toHaveLength(1);
    const [message] = due as [Extract<Outgoing, { group: unknown }>];
    expect(message.group.count).toBe(300);
    expect(Object.fromEntries(message.group.byConnector)).toEqual({ tascomi: 270, 'civica-cx': 30 });
    expect(Object.fromEntries(message.group.byClass)).toEqual({ timeout: 100, connection: 200 });
    expect(message.group.jobIds).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(grouping.due(T0 + 130_000, times)).toEqual([]);
  });

  it('holds a second burst inside the quiet period and sends it, as one message, when the period ends', () => {
    const grouping = createAlertGrouping();
    burst(grouping, 5, T0);
    expect(grouping.due(T0 + 120_000, times)).toHaveLength(1);
    burst(grouping, 40, T0 + 10 * 60_000, 100);
    expect(grouping.due(T0 + 30 * 60_000, times)).toEqual([]);
    expect(grouping.nextDueAt(times)).toBe(T0 + 120_000 + 60 * 60_000);
    const held = grouping.due(T0 + 120_000 + 60 * 60_000, times);
    expect(held).toHaveLength(1);
    expect((held[0] as Extract<Outgoing, { group: unknown }>).group.count).toBe(40);
  });

  it('announces a state once, and a recovery when it ends', () => {
    const grouping = createAlertGrouping();
    const open = { since: T0, facts: [{ label: 'Jobs waiting', value: '12' }] };
    grouping.state('breaker-open', 'tascomi', open, T0);
    expect(grouping.due(T0, times)).toEqual([{ kind: 'alert', condition: 'breaker-open', connector: 'tascomi', state: open }]);
    grouping.state('breaker-open', 'tascomi', open, T0 + 15_000);
    expect(grouping.due(T0 + 15_000, times)).toEqual([]);
    grouping.state('breaker-open', 'tascomi', undefined, T0 + 20 * 60_000);
    expect(grouping.due(T0 + 20 * 60_000, times)).toEqual([{ kind: 'recovery', condition: 'breaker-open', connector: 'tascomi', state: open, endedAt: T0 + 20 * 60_000 }]);
    expect(grouping.due(T0 + 21 * 60_000, times)).toEqual([]);
  });

  it('keeps a flapping state quiet: back on inside the quiet period it is announced when the period ends, if still on; on and off inside it says nothing', () => {
    const grouping = createAlertGrouping();
    const on = (since: number) => ({ since, facts: [] });
    grouping.state('disk-low', undefined, on(T0), T0);
    expect(grouping.due(T0, times)).toHaveLength(1);
    grouping.state('disk-low', undefined, undefined, T0 + 60_000);
    expect(grouping.due(T0 + 60_000, times).map((o) => o.kind)).toEqual(['recovery']);
    // Back on and off again inside the hour: nothing.
    grouping.state('disk-low', undefined, on(T0 + 2 * 60_000), T0 + 2 * 60_000);
    expect(grouping.due(T0 + 2 * 60_000, times)).toEqual([]);
    grouping.state('disk-low', undefined, undefined, T0 + 3 * 60_000);
    expect(grouping.due(T0 + 3 * 60_000, times)).toEqual([]);
    // On again and still on when the quiet period ends: announced then.
    grouping.state('disk-low', undefined, on(T0 + 30 * 60_000), T0 + 30 * 60_000);
    expect(grouping.due(T0 + 30 * 60_000, times)).toEqual([]);
    expect(grouping.nextDueAt(times)).toBe(T0 + 61 * 60_000);
    expect(grouping.due(T0 + 61 * 60_000, times).map((o) => o.kind)).toEqual(['alert']);
  });

  it('keeps states of different connectors apart', () => {
    const grouping = createAlertGrouping();
    grouping.state('breaker-open', 'tascomi', { since: T0, facts: [] }, T0);
    grouping.state('breaker-open', 'civica-cx', { since: T0, facts: [] }, T0);
    expect(
      grouping
        .due(T0, times)
        .map((o) => ('connector' in o ? o.connector : undefined))
        .sort(),
    ).toEqual(['civica-cx', 'tascomi']);
  });

  it('with no quiet period, every window sends', () => {
    const grouping = createAlertGrouping();
    const noQuiet = { groupingMs: 10_000, quietMs: 0 };
    burst(grouping, 3, T0);
    expect(grouping.due(T0 + 10_000, noQuiet)).toHaveLength(1);
    burst(grouping, 2, T0 + 11_000, 50);
    expect(grouping.due(T0 + 21_000, noQuiet)).toHaveLength(1);
  });
});
