/**
 * Health alarms: what is wrong with the engine itself (its store, its disk), as opposed to a job or a
 * connection. Every console shows the active ones in a banner, the desktop tray in its tooltip.
 */
export const HEALTH_ALARM_IDS = ['store-damaged', 'store-error', 'log-write-failed', 'disk-space-low', 'backup-failed', 'restore-failed', 'policy-refused'] as const;
export type HealthAlarmId = (typeof HEALTH_ALARM_IDS)[number];

export interface HealthAlarm {
  id: HealthAlarmId;
  /** `error`: something is being lost or refused now; `warning`: it will be unless someone acts. */
  level: 'error' | 'warning';
  /** What happened and what to do, in words an IT officer can act on (names the file or folder). */
  message: string;
  /** When the alarm was first raised (ISO 8601 in the engine's zone); updates keep it. */
  since: string;
}

/** What each alarm is called on a banner and in the tray, before its message says more. */
export const HEALTH_ALARM_TITLES: Record<HealthAlarmId, string> = {
  'store-damaged': 'The database is damaged',
  'store-error': 'casebridge cannot write its database',
  'log-write-failed': 'Log entries are being lost',
  'disk-space-low': 'The disk is nearly full',
  'backup-failed': 'The last backup failed',
  'restore-failed': 'The restore of a backup failed',
  'policy-refused': 'The machine policy was not applied',
};
