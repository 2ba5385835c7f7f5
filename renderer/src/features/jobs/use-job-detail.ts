/**
 * One job's detail (getJobDetail), read when it is opened and again whenever the job changes or
 * the log records something about it (an attempt's entry is written just after the job row), and
 * when the connection comes back. A stale answer (another job opened meanwhile) is dropped.
 */
import { useCallback, useEffect, useState } from 'react';
import type { JobDetail } from '../../../../shared/domain/job';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';

/** Changes close together (a job row, then its attempt's log entry) are read once. */
const RELOAD_AFTER_MS = 150;

export function useJobDetail(id: number | null): { detail: JobDetail | null; error: string | null; reload: () => void } {
  const api = useApi();
  const [detail, setDetail] = useState<JobDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A counter object, not a ref: an answer still on its way is dropped once another is asked for.
  const [asked] = useState(() => ({ n: 0 }));

  const reload = useCallback(() => {
    const ask = ++asked.n;
    if (id === null) return;
    api
      .call('getJobDetail', { id })
      .then((answer) => {
        if (ask !== asked.n) return;
        setDetail(answer);
        setError(null);
      })
      .catch((e: unknown) => {
        if (ask !== asked.n) return;
        setError(`Could not open job ${id}: ${describeError(e)}`);
      });
  }, [api, id, asked]);

  useEffect(() => {
    setDetail(null);
    setError(null);
    reload();
    if (id === null) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => (timer ??= setTimeout(() => ((timer = null), reload()), RELOAD_AFTER_MS));
    const offs = [
      api.on('jobChanged', (job) => job.id === id && soon()),
      api.on('log', (entry) => entry.jobId === id && soon()),
      api.onConnectionStateChange((state) => state === 'open' && soon()),
    ];
    return () => {
      offs.forEach((off) => off());
      if (timer) clearTimeout(timer);
      asked.n++; // an answer still on its way belongs to the job that was open
    };
  }, [api, id, reload, asked]);

  return { detail: detail && detail.job.id === id ? detail : null, error, reload };
}
