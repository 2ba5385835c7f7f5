import { describe, expect, it } from 'vitest';
import { alertMessage, testMessage, type MessageContext } from '../../../../electron/engine/alerts/alert-messages';
import { createAlertGrouping } from '../../../../electron/engine/alerts/alert-grouping';
import { jobFilterFromQuery } from '../../../../renderer/src/ui/job-filter-query';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const context: MessageContext = { zone: 'Europe/London', source: 'CB-SERVER-01', consoleAddress: 'https://casebridge.council.local:8443/' };

function deadBurst() {
  const grouping = createAlertGrouping();
  for (let i = 0; i < 25; i += 1) grouping.event('job-dead', T0 + i * 1000, { connector: 'tascomi', errorClass: i < 20 ? 'remote' : 'timeout', jobId: 500 + i });
  return grouping.due(T0 + 120_000, { groupingMs: 120_000, quietMs: 0 })[0]!;
}

describe('alert messages', () => {
  it('say how many jobs died, by connector and error class, with the first job ids and where to look', () => {
    const message = alertMessage(deadBurst(), context);
    expect(message).toMatchObject({
      condition: 'job-dead',
      kind: 'alert',
      title: 'casebridge: 25 jobs died (Tascomi 25)',
      summary: '25 jobs used every attempt between 10:00 5 Dec 2026 and 10:00 5 Dec 2026 and will not be tried again until someone retries them.',
      source: 'CB-SERVER-01',
      instruction: 'Open casebridge, Jobs page, with the filter State: dead, Connector: Tascomi. Fix the cause, then retry them there.',
      firstAt: '2026-12-05T10:00:00.000+00:00',
    });
    expect(message.facts).toEqual([
      { label: 'Tascomi', value: '25 jobs' },
      { label: 'Error class remote', value: '20 jobs' },
      { label: 'Error class timeout', value: '5 jobs' },
      { label: 'Job ids', value: '500, 501, 502, 503, 504, 505, 506, 507, 508, 509 and 15 more' },
    ]);
  });

  it("link to the Jobs page filtered as the page reads its address, when the console's address is set; words only when not", () => {
    const message = alertMessage(deadBurst(), context);
    expect(message.link).toBe('https://casebridge.council.local:8443/#/jobs?state=dead&connector=tascomi');
    const query = new URL(message.link!).hash.split('?')[1]!;
    expect(jobFilterFromQuery(query)).toEqual({ filter: { states: ['dead'], connectors: ['tascomi'] }, dropped: [] });
    expect(alertMessage(deadBurst(), { ...context, consoleAddress: '' }).link).toBeUndefined();
  });

  it('announce a state and its recovery with how long it lasted', () => {
    const state = { since: T0, facts: [{ label: 'Jobs waiting', value: '42' }] };
    expect(alertMessage({ kind: 'alert', condition: 'breaker-open', connector: 'civica-cx', state }, context)).toMatchObject({
      title: 'casebridge: the Civica Cx queue has stopped sending: Civica Cx cannot be reached',
      facts: [{ label: 'Jobs waiting', value: '42' }],
      connector: 'civica-cx',
    });
    expect(alertMessage({ kind: 'recovery', condition: 'breaker-open', connector: 'civica-cx', state, endedAt: T0 + 25 * 60_000 }, context)).toMatchObject({
      kind: 'recovery',
      title: 'casebridge recovered: the Civica Cx queue is sending again',
      summary: 'A queue stops sending: cleared at 10:25 5 Dec 2026, after 25 minutes.',
    });
  });

  it('a test message names the channel and nothing else', () => {
    expect(testMessage(T0, context, 'Duty inbox')).toMatchObject({
      kind: 'test',
      condition: 'test',
      title: 'casebridge: test alert',
      facts: [{ label: 'Sent', value: '10:00 5 Dec 2026' }],
    });
  });
});
