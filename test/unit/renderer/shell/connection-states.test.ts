import { describe, expect, it } from 'vitest';
import type { ConnectorQueueStatus } from '../../../../shared/domain/job';
import { connectionState } from '../../../../renderer/src/shell/connection-states';

function status(overrides: Partial<ConnectorQueueStatus>): ConnectorQueueStatus {
  return {
    connector: 'tascomi',
    counts: { queued: 0, running: 0, succeeded: 0, failed: 0, dead: 0, cancelled: 0 },
    retrying: 0,
    succeededToday: 0,
    breaker: { state: 'closed' },
    running: 0,
    ...overrides,
  } as ConnectorQueueStatus;
}

describe("a connection's state in the header", () => {
  it('is not set up while its jobs wait for settings, saying what is missing', () => {
    const view = connectionState(status({ connector: 'civica-cx', waitingFor: 'No Civica Cx company is chosen: connect and choose one on the Connections page.' }));
    expect(view).toMatchObject({ label: 'Civica Cx', health: 'not-configured', words: 'not set up' });
    expect(view.detail).toContain('No Civica Cx company is chosen');
  });

  it('is failing while its breaker is open or probing, with when it is tried again', () => {
    const open = connectionState(status({ breaker: { state: 'open', since: '2026-12-04T16:50:00Z', probeAt: '2026-12-04T16:55:00Z' } }));
    expect(open).toMatchObject({ label: 'Tascomi', health: 'failing', words: 'failing', color: 'red' });
    expect(open.detail).toMatch(/since 2026-12-04 16:50:00 GMT.*at 2026-12-04 16:55:00 GMT/);
    expect(connectionState(status({ breaker: { state: 'probing' } })).health).toBe('failing');
  });

  it('is working when set up with no run of failures, however many jobs failed on their own data', () => {
    const view = connectionState(status({ succeededToday: 3, counts: { queued: 0, running: 0, succeeded: 3, failed: 2, dead: 1, cancelled: 0 } }));
    expect(view).toMatchObject({ health: 'working', words: 'working' });
    expect(view.detail).toContain('3 jobs sent today');
  });

  it('is paused when its queue was paused by hand', () => {
    expect(connectionState(status({ breaker: { state: 'paused', since: '2026-12-04T16:50:00Z' } }))).toMatchObject({ health: 'paused', words: 'paused' });
  });
});
