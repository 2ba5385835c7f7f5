/**
 * Civica Cx's fault knobs: the shared ones (../common/faults.ts), with forced validation failures
 * aimed at a write operation and field names in Cx's camelCase.
 */
import { FaultState as SharedFaultState, NO_FAULTS as SHARED_NO_FAULTS, type ForcedFailureTarget } from '../common/faults';
import { WRITE_OPERATIONS, type CivicaCxFaults, type WriteOperation } from './types';

export { describeIssues, type FaultDecision } from '../common/faults';

export const NO_FAULTS: CivicaCxFaults = SHARED_NO_FAULTS;

export const FORCED_FAILURE_TARGET: ForcedFailureTarget<'operation', WriteOperation> = {
  key: 'operation',
  values: WRITE_OPERATIONS,
  fieldPattern: /^[a-zA-Z][a-zA-Z0-9]*$/,
  fieldHint: 'must look like a field name (for example sorCode)',
};

export class FaultState extends SharedFaultState<'operation', WriteOperation> {
  constructor(seed: number, initial: Partial<CivicaCxFaults> = {}) {
    super(FORCED_FAILURE_TARGET, seed, initial);
  }
}
