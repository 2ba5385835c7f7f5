/** The access audit's calls: read it a page at a time and export it. Nothing here changes it. */
import type { Handlers } from '../../../shared/contract';
import type { AccessAudit } from '../log/access-audit';

export function auditCalls(deps: { audit: AccessAudit }) {
  const { audit } = deps;
  return {
    queryAccessAudit: ({ filter, limit, beforeId }) => audit.page(filter, limit, beforeId),
    exportAccessAudit: ({ filter, limit, afterId }) => audit.exportBatch(filter, limit, afterId),
  } satisfies Partial<Handlers>;
}
