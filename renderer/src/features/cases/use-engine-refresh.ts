import { useThrottledCallback } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import type { JobView } from '../../../../shared/domain/job';
import type { LogEntry } from '../../../../shared/domain/log-entry';
import { useApi } from '../../api/api-context';

/** Which engine events call for loading again. */
export interface RefreshWhen {
  job?: (job: JobView) => boolean;
  log?: (entry: LogEntry) => boolean;
}

/**
 * Runs `reload` when the engine says something that concerns what is shown, at most once per
 * `throttleMs` (a burst of attempts and log entries is one reload, and the last one always runs),
 * and after the connection comes back, since events may have been missed while it was down.
 */
export function useEngineRefresh(reload: () => void, when: RefreshWhen, throttleMs: number): void {
  const api = useApi();
  const throttled = useThrottledCallback(reload, throttleMs);
  // The predicates change with every render; the subscriptions should not.
  const latest = useRef(when);
  latest.current = when;
  useEffect(() => {
    const unsubscribes = [
      api.on('jobChanged', (job) => latest.current.job?.(job) && throttled()),
      api.on('log', (entry) => latest.current.log?.(entry) && throttled()),
      api.onConnectionStateChange((state) => state === 'open' && throttled()),
    ];
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }, [api, throttled]);
}
