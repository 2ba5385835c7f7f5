/** Subject access requests: search for a person's data (with a reason), then export it in batches. */
import type { Handlers } from '../../../shared/contract';
import type { SubjectAccess } from '../cases/subject-access';

export function subjectAccessCalls(deps: { subjectAccess: SubjectAccess }) {
  const { subjectAccess } = deps;
  return {
    findSubjectAccess: ({ subject, reason }) => subjectAccess.find(subject, reason),
    exportSubjectAccess: ({ requestId, offset, maxChars }) => subjectAccess.exportBatch(requestId, offset, maxChars),
  } satisfies Partial<Handlers>;
}
