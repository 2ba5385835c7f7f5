/**
 * Desktop signals that a job has died (used up its attempts): a tray icon whose tooltip counts dead
 * jobs, and a notification per death when the person wants them (a console preference). Electron's
 * classes are passed in, so this is tested without Electron.
 */
import type { Unsubscribe } from '../../shared/contract';
import type { ConnectorQueueStatus, JobView } from '../../shared/domain/job';
import type { Preferences } from '../../shared/domain/preferences';

export interface TrayLike {
  setToolTip(text: string): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}
export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface DeadJobAlertsOptions {
  createTray(): TrayLike;
  /** Undefined where the desktop cannot show notifications. */
  createNotification?: (options: { title: string; body: string }) => NotificationLike;
  onJobChanged(listener: (job: JobView) => void): Unsubscribe;
  queueStatus(): Promise<ConnectorQueueStatus[]> | ConnectorQueueStatus[];
  preferences(): Preferences | Promise<Preferences>;
  /** Brings the console forward (a click on the tray or a notification). */
  show(): void;
  onError?: (what: string, error: unknown) => void;
  /** At most one tooltip refresh per this many ms when many jobs change at once. */
  refreshEveryMs?: number;
}

export function tooltipFor(dead: number): string {
  return dead === 0 ? 'casebridge: no dead jobs' : `casebridge: ${dead} dead job${dead === 1 ? '' : 's'}, open the Jobs page to retry ${dead === 1 ? 'it' : 'them'}`;
}

export function startDeadJobAlerts(options: DeadJobAlertsOptions): { stop(): void; refresh(): Promise<void> } {
  const tray = options.createTray();
  tray.on('click', options.show);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const refresh = async () => {
    try {
      const statuses = await options.queueStatus();
      if (!stopped) tray.setToolTip(tooltipFor(statuses.reduce((n, s) => n + s.counts.dead, 0)));
    } catch (error) {
      options.onError?.('The tray could not count dead jobs', error);
    }
  };
  const scheduleRefresh = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void refresh();
    }, options.refreshEveryMs ?? 1_000);
  };

  const unsubscribe = options.onJobChanged((job) => {
    if (job.state !== 'dead') {
      // A dead job retried or cancelled changes the count too; others cannot, but cost little.
      if (job.state === 'queued' || job.state === 'failed') scheduleRefresh();
      return;
    }
    scheduleRefresh();
    void notify(job);
  });

  async function notify(job: JobView): Promise<void> {
    const create = options.createNotification;
    try {
      if (!create || stopped || !(await options.preferences()).notifyDeadJobs) return;
      const note = create({
        title: `Job ${job.id} is dead`,
        body: `Case ${job.caseId}${job.templateName ? `, template '${job.templateName}'` : ''}: ${job.attempts} attempt(s) used. ${job.lastError ?? ''}`.slice(0, 250),
      });
      note.on('click', options.show);
      note.show();
    } catch (error) {
      options.onError?.('A desktop notification could not be shown', error);
    }
  }
  void refresh();

  return {
    refresh,
    stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      tray.destroy();
    },
  };
}
