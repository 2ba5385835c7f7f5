import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context';

/**
 * The people whose calls wrote log entries (the engine's `listLogPeople`, the most recently active
 * first), read once as the page opens: the Person filter's choices. People who act later show up
 * as their entries arrive (the page adds the people in its rows), so this is not read again.
 */
export function useLogPeople(): { people: string[] | null; error: string | null } {
  const api = useApi();
  const [people, setPeople] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api.call('listLogPeople').then(
      (answer) => current && (setPeople(answer), setError(null)),
      () => current && setError('the people in the log could not be read'),
    );
    return () => {
      current = false; // an answer after the page closed is dropped
    };
  }, [api]);
  return { people, error };
}
