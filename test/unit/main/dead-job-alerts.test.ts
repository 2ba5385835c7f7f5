/**
 * A support person away from the console hears when a job dies: the tray's tooltip counts dead jobs,
 * and a desktop notification (unless switched off in the console) says which job and why.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectorQueueStatus, JobView } from '../../../shared/domain/job';
import { DEFAULT_PREFERENCES, type Preferences } from '../../../shared/domain/preferences';
import { startDeadJobAlerts, tooltipFor } from '../../../electron/main/dead-job-alerts';

function harness(options: { notifications?: boolean } = {}) {
  const tray = Object.assign(new EventEmitter(), { setToolTip: vi.fn(), destroy: vi.fn() });
  const shown: { title: string; body: string }[] = [];
  const listeners: ((job: JobView) => void)[] = [];
  let dead = 0;
  let prefs: Preferences = { ...DEFAULT_PREFERENCES };
  const show = vi.fn();
  const alerts = startDeadJobAlerts({
    createTray: () => tray,
    ...(options.notifications === false
      ? {}
      : {
          createNotification: (o: { title: string; body: string }) => Object.assign(new EventEmitter(), { show: () => void shown.push(o) }),
        }),
    onJobChanged: (l) => {
      listeners.push(l);
      return () => listeners.splice(listeners.indexOf(l), 1);
    },
    queueStatus: () => [{ connector: 'tascomi', counts: { queued: 0, running: 0, succeeded: 0, failed: 0, dead, cancelled: 0 } } as ConnectorQueueStatus],
    preferences: async () => prefs,
    show,
    refreshEveryMs: 10,
  });
  const job = (state: JobView['state'], id = 7): JobView => ({
    id,
    connector: 'tascomi',
    kind: 'create',
    caseId: 'CAS-1',
    templateId: 1,
    templateName: 'Fly-tipping',
    templateVersion: 2,
    referenceName: 'SR number',
    state,
    attempts: 10,
    maxAttempts: 10,
    attemptsAddedByHand: 0,
    outcomeUnknown: false,
    lastError: 'Tascomi answered HTTP 503.',
    createdAt: '',
    updatedAt: '',
  });
  return {
    tray,
    shown,
    show,
    alerts,
    job,
    emit: (j: JobView) => listeners.forEach((l) => l(j)),
    setDead: (n: number) => void (dead = n),
    setPrefs: (p: Partial<Preferences>) => void (prefs = { ...prefs, ...p }),
    listeners,
  };
}

afterEach(() => vi.useRealTimers());

describe('dead job alerts on the desktop', () => {
  it('counts dead jobs in the tooltip and notifies each death, with the case and the reason', async () => {
    vi.useFakeTimers();
    const h = harness();
    await vi.waitFor(() => expect(h.tray.setToolTip).toHaveBeenLastCalledWith('casebridge: no dead jobs'));
    h.setDead(2);
    h.emit(h.job('dead', 7));
    h.emit(h.job('dead', 8));
    await vi.advanceTimersByTimeAsync(20);
    expect(h.tray.setToolTip).toHaveBeenLastCalledWith('casebridge: 2 dead jobs, open the Jobs page to retry them');
    expect(h.shown).toEqual([
      { title: 'Job 7 is dead', body: "Case CAS-1, template 'Fly-tipping': 10 attempt(s) used. Tascomi answered HTTP 503." },
      { title: 'Job 8 is dead', body: expect.stringContaining('CAS-1') },
    ]);
    // A dead job retried by hand changes the count back.
    h.setDead(1);
    h.emit(h.job('queued', 7));
    await vi.advanceTimersByTimeAsync(20);
    expect(h.tray.setToolTip).toHaveBeenLastCalledWith(tooltipFor(1));
    h.tray.emit('click');
    expect(h.show).toHaveBeenCalled();
  });

  it('stays quiet when notifications are switched off or not supported, and stops cleanly', async () => {
    const h = harness();
    h.setPrefs({ notifyDeadJobs: false });
    h.emit(h.job('dead'));
    await Promise.resolve();
    await Promise.resolve();
    expect(h.shown).toEqual([]);
    const quiet = harness({ notifications: false });
    quiet.emit(quiet.job('dead'));
    expect(quiet.shown).toEqual([]);
    h.alerts.stop();
    expect(h.tray.destroy).toHaveBeenCalled();
    expect(h.listeners).toHaveLength(0);
  });
});
