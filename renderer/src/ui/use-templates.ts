import { useCallback, useEffect, useRef, useState } from 'react';
import type { TemplateSummary } from '../../../shared/domain/template';
import { useApi } from '../api/api-context';

/**
 * The templates, for the filter's choices and for naming a job's template: `jobChanged` events do
 * not carry the template's name, so a job that arrives live is named from here.
 */
export function useTemplates(): { templates: TemplateSummary[] | null; error: string | null; refresh(): void } {
  const api = useApi();
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const refresh = useCallback(() => {
    const mine = ++seq.current;
    api.call('listTemplates').then(
      (answer) => {
        if (mine !== seq.current) return;
        setTemplates(answer);
        setError(null);
      },
      () => mine === seq.current && setError('the templates could not be read'),
    );
  }, [api]);
  useEffect(() => {
    refresh();
    return () => {
      // eslint-disable-next-line react-hooks/exhaustive-deps -- a counter, not a node: bumping it is the point
      seq.current++; // answers after unmount are dropped
    };
  }, [refresh]);
  return { templates, error, refresh };
}
