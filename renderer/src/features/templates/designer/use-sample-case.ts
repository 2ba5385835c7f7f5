import { useCallback, useEffect, useState } from 'react';
import type { Case } from '../../../../../shared/domain/case';
import { useApi } from '../../../api/api-context';
import type { OfferedCase } from './CasePalette';
import { defaultSampleCase } from './sample-case';

export interface SampleCase {
  offered: OfferedCase[];
  chosen: Case | null;
  /** Why the chosen case is shown, for the preview to say. */
  why: string | null;
  choose: (kase: Case) => void;
  error: unknown;
}

/**
 * The cases the designer offers (recent ones from the CRM, then the shipped samples) and the one
 * it previews: first of a type the template's rules use; once the person picks one, theirs.
 */
export function useSampleCase(templateId: number | undefined): SampleCase {
  const api = useApi();
  const [offered, setOffered] = useState<OfferedCase[]>([]);
  const [choice, setChoice] = useState<{ kase: Case; why: string; byPerson: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    // The rules only steer the default: when they cannot be read, the cases are still offered.
    const ruleTypes = api.call('listRules').then(
      (rules) => rules.filter((r) => r.templateId === templateId).map((r) => r.caseType),
      () => null,
    );
    Promise.all([api.call('listRecentCases', { limit: 20 }), api.call('listSampleCases'), ruleTypes]).then(
      ([recent, samples, types]) => {
        if (!current) return;
        const all = [...recent.map((kase) => ({ kase, origin: 'recent' as const })), ...samples.map((kase) => ({ kase, origin: 'sample' as const }))];
        const picked = defaultSampleCase(all, templateId === undefined ? [] : types);
        setOffered(all);
        // The person's pick stays (found again in the new list, so the picker still shows it).
        setChoice((c) =>
          c?.byPerson ? { ...c, kase: all.find((o) => o.kase.id === c.kase.id)?.kase ?? c.kase } : picked && { kase: picked.offered.kase, why: picked.why, byPerson: false },
        );
      },
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [api, templateId]);

  const choose = useCallback((kase: Case) => setChoice({ kase, why: 'the case you chose', byPerson: true }), []);
  return { offered, chosen: choice?.kase ?? null, why: choice?.why ?? null, choose, error };
}
