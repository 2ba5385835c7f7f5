import { describe, expect, it } from 'vitest';
import { describeLastAction } from '../../../../renderer/src/ui/job-action-words';

const LONDON = 'Europe/London';
const NOW = Date.parse('2026-06-15T16:00:00+01:00');

describe("a job's last action by hand in words", () => {
  it('names what was done, by whom, and the time of day when it was today (in the configured zone)', () => {
    expect(describeLastAction({ kind: 'retried', by: 'Sam Patel', at: '2026-06-15T10:42:31.000+01:00' }, NOW, LONDON)).toBe('Retried by Sam Patel, 10:42');
    expect(describeLastAction({ kind: 'cancelled', by: 'jsmith (desktop app)', at: '2026-06-15T09:05:00.000Z' }, NOW, LONDON)).toBe('Cancelled by jsmith (desktop app), 10:05');
    expect(describeLastAction({ kind: 'queued', by: 'Alex Morgan', at: '2026-06-15T00:10:00.000+01:00' }, NOW, LONDON)).toBe('Queued by Alex Morgan, 00:10');
  });

  it('gives the day too when it was another day there (23:30 UTC is already tomorrow in summer London)', () => {
    expect(describeLastAction({ kind: 'retried', by: 'Sam Patel', at: '2026-06-14T22:59:00.000Z' }, NOW, LONDON)).toBe('Retried by Sam Patel, 2026-06-14 23:59');
    expect(describeLastAction({ kind: 'retried', by: 'Sam Patel', at: '2026-06-14T23:30:00.000Z' }, NOW, LONDON)).toBe('Retried by Sam Patel, 00:30');
  });
});
