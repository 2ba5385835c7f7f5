/**
 * The desktop hears of the engine's health alarms away from the console: a tooltip line per alarm
 * on the one tray icon it shares with the dead-job count, and a notification when an alarm is first
 * raised (not on each update of its message).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { HealthAlarm } from '../../../shared/domain/health';
import { healthTooltip, startHealthAlerts } from '../../../electron/main/health-alerts';
import { sharedTray } from '../../../electron/main/tray-sections';

const alarm = (id: HealthAlarm['id'], message = `${id} happened`): HealthAlarm => ({
  id,
  level: id === 'disk-space-low' ? 'warning' : 'error',
  message,
  since: '2026-06-01T10:00:00.000+01:00',
});

function fakeTray() {
  return Object.assign(new EventEmitter(), { setToolTip: vi.fn(), destroy: vi.fn() });
}

describe('the shared tray icon', () => {
  it('shows every section in its tooltip, in order, and goes away with the last section', () => {
    const icon = fakeTray();
    const create = vi.fn(() => icon);
    const tray = sharedTray(create);
    const jobs = tray.section();
    const health = tray.section();
    expect(create).toHaveBeenCalledTimes(1);
    health.setToolTip('casebridge: The disk is nearly full. Open the console.');
    jobs.setToolTip('casebridge: no dead jobs');
    expect(icon.setToolTip).toHaveBeenLastCalledWith('casebridge: no dead jobs\ncasebridge: The disk is nearly full. Open the console.');
    health.setToolTip('');
    expect(icon.setToolTip).toHaveBeenLastCalledWith('casebridge: no dead jobs');
    const clicked = vi.fn();
    jobs.on('click', clicked);
    icon.emit('click');
    expect(clicked).toHaveBeenCalled();
    jobs.destroy();
    jobs.destroy();
    expect(icon.destroy).not.toHaveBeenCalled();
    health.destroy();
    expect(icon.destroy).toHaveBeenCalledTimes(1);
  });
});

describe('health alerts on the desktop', () => {
  function harness(initial: HealthAlarm[], options: { notifications?: boolean } = {}) {
    const tray = fakeTray();
    const shown: { title: string; body: string }[] = [];
    const listeners: ((alarms: HealthAlarm[]) => void)[] = [];
    const show = vi.fn();
    const notes: EventEmitter[] = [];
    const alerts = startHealthAlerts({
      tray,
      ...(options.notifications === false
        ? {}
        : {
            createNotification: (o: { title: string; body: string }) => {
              const note = Object.assign(new EventEmitter(), { show: () => void shown.push(o) });
              notes.push(note);
              return note;
            },
          }),
      onHealthChanged: (l) => {
        listeners.push(l);
        return () => listeners.splice(listeners.indexOf(l), 1);
      },
      health: async () => initial,
      show,
    });
    return { tray, shown, show, notes, alerts, listeners, emit: (alarms: HealthAlarm[]) => listeners.forEach((l) => l(alarms)) };
  }

  it('lists the alarms raised at start in the tooltip and notifies each once', async () => {
    const h = harness([alarm('disk-space-low', 'Only 300 MB is free on the disk holding the data folder /data.')]);
    await vi.waitFor(() => expect(h.tray.setToolTip).toHaveBeenCalledWith('casebridge: The disk is nearly full. Open the console.'));
    expect(h.shown).toEqual([{ title: 'The disk is nearly full', body: 'Only 300 MB is free on the disk holding the data folder /data.' }]);
    h.notes[0]!.emit('click');
    expect(h.show).toHaveBeenCalled();
  });

  it('notifies a newly raised alarm, not an update of one already shown, and empties the tooltip when all clear', async () => {
    const h = harness([]);
    await vi.waitFor(() => expect(h.tray.setToolTip).toHaveBeenCalledWith(''));
    h.emit([alarm('log-write-failed', '1 log entry could not be stored and is lost.')]);
    h.emit([alarm('log-write-failed', '7 log entries could not be stored and are lost.')]);
    h.emit([alarm('store-error'), alarm('log-write-failed')]);
    expect(h.shown.map((n) => n.title)).toEqual(['Log entries are being lost', 'casebridge cannot write its database']);
    expect(h.tray.setToolTip).toHaveBeenLastCalledWith(healthTooltip([alarm('store-error'), alarm('log-write-failed')]));
    expect(healthTooltip([alarm('store-error')])).toBe('casebridge: cannot write its database. Open the console.');
    h.emit([]);
    expect(h.tray.setToolTip).toHaveBeenLastCalledWith('');
    h.emit([alarm('log-write-failed')]); // raised again after it cleared: heard again
    expect(h.shown).toHaveLength(3);
  });

  it('keeps tooltip lines short enough for every desktop', () => {
    for (const id of ['store-damaged', 'store-error', 'log-write-failed', 'disk-space-low'] as const) expect(healthTooltip([alarm(id)]).length).toBeLessThanOrEqual(127);
  });

  it('stays quiet without notifications, and stops cleanly', async () => {
    const h = harness([alarm('store-damaged')], { notifications: false });
    await vi.waitFor(() => expect(h.tray.setToolTip).toHaveBeenCalledWith('casebridge: The database is damaged. Open the console.'));
    expect(h.shown).toEqual([]);
    h.alerts.stop();
    expect(h.tray.destroy).toHaveBeenCalled();
    expect(h.listeners).toHaveLength(0);
  });
});
