import { useEffect, useState } from 'react';
import type { Case } from '../../../../shared/domain/case';
import { useApi } from '../../api/api-context';
import { distinctIgnoringCase } from './rule-form';

export interface CaseSuggestions {
  /** Case types seen in the sample cases and the cases received. */
  caseTypes: string[];
  /** Field names of the sample and recent cases of a type (ignoring case). */
  fieldsOf(caseType: string): string[];
}

/**
 * Suggestions only: any type may be typed (the CRM may send types casebridge has not seen yet), so a
 * source that cannot be read just offers nothing rather than stopping the form.
 */
export function useCaseSuggestions(): CaseSuggestions {
  const api = useApi();
  const [withFields, setWithFields] = useState<Case[]>([]);
  const [receivedTypes, setReceivedTypes] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    const settle = <T>(promise: Promise<T>, fallback: T) => promise.catch(() => fallback);
    void Promise.all([
      settle(api.call('listSampleCases'), [] as Case[]),
      settle(api.call('listRecentCases', { limit: 50 }), [] as Case[]),
      settle(api.call('listCases', { search: '', limit: 500 }), []),
    ]).then(([samples, recent, received]) => {
      if (!live) return;
      setWithFields([...samples, ...recent]);
      setReceivedTypes(received.map((c) => c.type));
    });
    return () => {
      live = false;
    };
  }, [api]);

  return {
    caseTypes: distinctIgnoringCase([...withFields.map((c) => c.type), ...receivedTypes]),
    fieldsOf: (caseType) => {
      const type = caseType.trim().toLowerCase();
      return distinctIgnoringCase(withFields.filter((c) => c.type.toLowerCase() === type).flatMap((c) => Object.keys(c.fields)));
    },
  };
}
