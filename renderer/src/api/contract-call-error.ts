import type { ContractErrorCode, ContractIssue } from '../../../shared/contract';
import { describeFailedCall, reasonWithoutCallName } from './call-activities';

/**
 * What a failed call throws in the console. Besides the engine's own codes, the transport adds
 * `timeout` (no answer in time) and `not_connected` (no session, or the connection dropped).
 */
export type CallErrorCode = ContractErrorCode | 'timeout' | 'not_connected';

/** Its message says what the person was doing and why it did not happen, never the call's name. */
export class ContractCallError extends Error {
  override readonly name = 'ContractCallError';
  /** Why, without what was being done: `The Civica Cx integration is not enabled…`. */
  readonly reason: string;
  constructor(
    readonly callName: string,
    readonly code: CallErrorCode,
    reason: string,
    readonly issues?: ContractIssue[],
  ) {
    super(describeFailedCall(callName, reason));
    this.reason = reasonWithoutCallName(callName, reason);
  }
}

/** A message fit to show a person, whatever was thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The engine's objections to particular fields of a form, by top-level field name (`baseUrl`,
 * `port`), or null when the error is not about the input.
 */
export function fieldErrorsFrom(error: unknown): Record<string, string> | null {
  if (!(error instanceof ContractCallError) || error.code !== 'invalid_input' || !error.issues?.length) return null;
  return Object.fromEntries(error.issues.map((issue) => [issue.path.split('.')[0] ?? '', issue.message]));
}
