/**
 * Tascomi's fault knobs: the shared ones (../common/faults.ts), with forced validation failures
 * aimed at a writable table (`resource`) and field names in Tascomi's snake_case.
 */
import { FaultState as SharedFaultState, NO_FAULTS as SHARED_NO_FAULTS, type ForcedFailureTarget } from '../common/faults';
import { WRITABLE_TABLES, type TascomiFaults } from './types';

export { describeIssues, type FaultDecision } from '../common/faults';

export const NO_FAULTS: TascomiFaults = SHARED_NO_FAULTS;

// `resource` stays a plain string in TascomiFaults; the schema still only accepts writable tables.
export const FORCED_FAILURE_TARGET: ForcedFailureTarget<'resource', string> = {
  key: 'resource',
  values: WRITABLE_TABLES as readonly [string, ...string[]],
  fieldPattern: /^[a-z][a-z0-9_]*$/,
  fieldHint: 'must look like a field name (^[a-z][a-z0-9_]*$)',
};

export class FaultState extends SharedFaultState<'resource', string> {
  constructor(seed: number, initial: Partial<TascomiFaults> = {}) {
    super(FORCED_FAILURE_TARGET, seed, initial);
  }
}
