import { useInterval, useThrottledCallback } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectorQueueStatus } from '../../../../shared/domain/job';
import { useApi } from '../../api/api-context';

/** A burst of job changes (hundreds a second under load) becomes at most one reload per this. */
const THROTTLE_MS = 500;
/** What changes without a job event (the Tascomi settings saved, a breaker's probe time) is read this often. */
const POLL_MS = 5_000;

export interface QueueStatusState {
  /** Null until the first answer. */
  queues: ConnectorQueueStatus[] | null;
  loadError: unknown;
  /** Puts in a status the engine just answered (pauseQueue, resumeQueue). */
  apply(status: ConnectorQueueStatus): void;
}

/** Each connector's queue status, kept current from `jobChanged` (throttled), reconnects and a slow poll. */
export function useQueueStatus(): QueueStatusState {
  const api = useApi();
  const [queues, setQueues] = useState<ConnectorQueueStatus[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  // Answers can overtake each other; only one newer than what is shown is applied.
  const asked = useRef(0);
  const shown = useRef(0);

  const load = useCallback(() => {
    const seq = ++asked.current;
    api.call('getQueueStatus').then(
      (status) => {
        if (seq < shown.current) return;
        shown.current = seq;
        setQueues(status);
        setLoadError(null);
      },
      (error: unknown) => {
        if (seq >= shown.current) setLoadError(error);
      },
    );
  }, [api]);
  const throttled = useThrottledCallback(load, THROTTLE_MS);

  useEffect(() => {
    load();
    const unsubscribes = [api.on('jobChanged', () => throttled()), api.onConnectionStateChange((state) => state === 'open' && throttled())];
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }, [api, load, throttled]);
  useInterval(throttled, POLL_MS, { autoInvoke: true });

  const apply = useCallback((status: ConnectorQueueStatus) => {
    // Newer than any answer still on its way.
    shown.current = ++asked.current;
    setQueues((current) => current?.map((q) => (q.connector === status.connector ? status : q)) ?? [status]);
  }, []);

  return { queues, loadError, apply };
}
