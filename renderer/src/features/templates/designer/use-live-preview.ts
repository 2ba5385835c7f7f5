import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import type { Case } from '../../../../../shared/domain/case';
import type { EvaluationResult, TemplateDraft } from '../../../../../shared/domain/template';
import { useApi } from '../../../api/api-context';

export type PreviewState = { status: 'idle' | 'loading' } | { status: 'ready'; result: EvaluationResult } | { status: 'failed'; error: unknown };

/** Evaluates the draft against the case on the engine, 300 ms after the last change; older answers are dropped. */
export function useLivePreview(draft: TemplateDraft, kase: Case | null): PreviewState {
  const api = useApi();
  // Memoised: a fresh object each render would restart the debounce for ever.
  const latest = useMemo(() => ({ draft, kase }), [draft, kase]);
  const [input] = useDebouncedValue(latest, 300);
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  useEffect(() => {
    if (!input.kase) return;
    let current = true;
    api.call('previewTemplate', { draft: input.draft, case: input.kase }).then(
      (result) => current && setState({ status: 'ready', result }),
      (error: unknown) => current && setState({ status: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [api, input]);
  return state;
}
