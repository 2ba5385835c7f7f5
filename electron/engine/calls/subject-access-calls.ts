/** Subject access requests: search for a person's data (with a reason), follow the search, then export it in batches. */
import type { Handlers } from '../../../shared/contract';
import type { SubjectAccess } from '../cases/subject-access';

export function subjectAccessCalls(deps: { subjectAccess: SubjectAccess }) {
  const { subjectAccess } = deps;
  return {
    findSubjectAccess: ({ subject, reason }) => subjectAccess.find(subject, reason),
    getSubjectAccess: ({ requestId }) => subjectAccess.status(requestId),
    exportSubjectAccess: ({ requestId, offset, maxChars }) => subjectAccess.exportBatch(requestId, offset, maxChars),
  } satisfies Partial<Handlers>;
}
