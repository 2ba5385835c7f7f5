/** The calls about erasing cases' personal data: one case now (typed confirmation), and the retention setting. */
import type { Handlers } from '../../../shared/contract';
import type { CaseErasureService } from '../cases/case-erasure';
import type { CaseRetentionService } from '../cases/case-retention';

export function caseErasureCalls(deps: { erasure: Pick<CaseErasureService, 'erase'>; retention: CaseRetentionService; operator: () => string }) {
  const { erasure, retention } = deps;
  return {
    // The schema checked that `confirm` is the id, as typed by the person.
    eraseCase: ({ id }) => erasure.erase(id, deps.operator()),
    getCaseRetention: () => retention.settings(),
    saveCaseRetention: (input) => retention.save(input),
  } satisfies Partial<Handlers>;
}
