import { templateSchema } from '../../../shared/connectors/template-schemas';
import type { ConnectorQueueStatus } from '../../../shared/domain/job';
import { formatTimeWithZone } from '../ui/time-format';

export type ConnectionHealth = 'not-configured' | 'working' | 'failing' | 'paused';

export interface ConnectionStateView {
  /** "Tascomi", "Civica Cx". */
  label: string;
  health: ConnectionHealth;
  /** A word or two beside the name: "not set up", "working", "failing". */
  words: string;
  color: string;
  /** The sentence behind it, for the tooltip: what the engine knows and why it says so. */
  detail: string;
}

const LOOK: Record<ConnectionHealth, { words: string; color: string }> = {
  'not-configured': { words: 'not set up', color: 'gray' },
  working: { words: 'working', color: 'teal' },
  failing: { words: 'failing', color: 'red' },
  paused: { words: 'paused', color: 'yellow' },
};

/**
 * A connection's state from what its queue already knows: its settings (jobs wait while it is not
 * set up, and saving it enabled verified the connection), and its circuit breaker, which opens after
 * a run of failed attempts and closes again when a probe gets through. Failures of a job's own data
 * (a validation error) do not open the breaker, so they do not make a connection "failing".
 */
export function connectionState(status: ConnectorQueueStatus): ConnectionStateView {
  const label = templateSchema(status.connector).label;
  const view = (health: ConnectionHealth, detail: string): ConnectionStateView => ({ label, health, ...LOOK[health], detail });
  if (status.waitingFor) return view('not-configured', `${label} is not set up: ${status.waitingFor}`);
  const { breaker } = status;
  switch (breaker.state) {
    case 'open':
      return view(
        'failing',
        `${label} is failing: its recent attempts failed in a row since ${formatTimeWithZone(breaker.since)}, so nothing is sent until a trial attempt at ${formatTimeWithZone(breaker.probeAt)}.`,
      );
    case 'probing':
      return view('failing', `${label} was failing: a trial attempt is checking now whether it answers again.`);
    case 'paused':
      return view('paused', `${label}'s queue was paused by hand at ${formatTimeWithZone(breaker.since)}: nothing is sent until it is resumed on the Jobs page.`);
    case 'closed': {
      const today = status.succeededToday;
      return view('working', `${label} is set up and answering: no run of failed attempts.${today ? ` ${today} job${today === 1 ? '' : 's'} sent today.` : ''}`);
    }
  }
}
