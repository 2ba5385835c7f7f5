/**
 * Desktop signals of the engine's health alarms (its store, its disk): a line per alarm in the tray's
 * tooltip, and a notification when an alarm is first raised (not on every update of its message),
 * so a person away from the console hears that casebridge itself is in trouble. Electron's classes
 * are passed in, so this is tested without Electron.
 */
import type { Unsubscribe } from '../../shared/contract';
import { HEALTH_ALARM_TITLES, type HealthAlarm } from '../../shared/domain/health';
import type { NotificationLike, TrayLike } from './dead-job-alerts';

export interface HealthAlertsOptions {
  /** The tray (a section of the shared one) whose tooltip lists the alarms. */
  tray: TrayLike;
  /** Undefined where the desktop cannot show notifications. */
  createNotification?: (options: { title: string; body: string }) => NotificationLike;
  onHealthChanged(listener: (alarms: HealthAlarm[]) => void): Unsubscribe;
  health(): HealthAlarm[] | Promise<HealthAlarm[]>;
  /** Brings the console forward (a click on a notification). */
  show(): void;
  onError?: (what: string, error: unknown) => void;
}

/** Short lines: some desktops cut a tooltip at 127 characters. The console's banner says the rest. */
export function healthTooltip(alarms: readonly HealthAlarm[]): string {
  return alarms.map((a) => `casebridge: ${HEALTH_ALARM_TITLES[a.id].replace(/^casebridge /, '')}. Open the console.`).join('\n');
}

export function startHealthAlerts(options: HealthAlertsOptions): { stop(): void } {
  let stopped = false;
  let known = new Set<string>();
  const apply = (alarms: HealthAlarm[], notify: boolean) => {
    if (stopped) return;
    options.tray.setToolTip(healthTooltip(alarms));
    for (const alarm of alarms) if (notify && !known.has(alarm.id)) notifyOf(alarm);
    known = new Set(alarms.map((a) => a.id));
  };
  const notifyOf = (alarm: HealthAlarm) => {
    if (!options.createNotification) return;
    try {
      const note = options.createNotification({ title: HEALTH_ALARM_TITLES[alarm.id], body: alarm.message.slice(0, 250) });
      note.on('click', options.show);
      note.show();
    } catch (error) {
      options.onError?.('A desktop notification could not be shown', error);
    }
  };
  let heard = false;
  const unsubscribe = options.onHealthChanged((alarms) => {
    heard = true;
    apply(alarms, true);
  });
  // Alarms raised at start (a disk already nearly full) are notified too, unless an event was newer.
  void (async () => {
    try {
      const alarms = await options.health();
      if (!heard) apply(alarms, true);
    } catch (error) {
      options.onError?.('The tray could not read the engine health', error);
    }
  })();
  return {
    stop() {
      stopped = true;
      unsubscribe();
      options.tray.destroy();
    },
  };
}
