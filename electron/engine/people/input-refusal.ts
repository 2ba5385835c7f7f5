/** Input the people system is handed from outside the contract (the host's routes) or again inside it, checked by its schema. */
import type { z } from 'zod';
import type { ContractIssue } from '../../../shared/contract';
import { CallRefusedError, describeIssues, issuesOf } from '../../../shared/dispatch';

/** A refusal saying what could not be done and, field by field, why. */
export function refusedFor(what: string, issues: ContractIssue[]): CallRefusedError {
  return new CallRefusedError(`${what}: ${describeIssues(issues)}.`, 'invalid_input', issues);
}

/** `input` parsed by `schema`, or a refusal (CallRefusedError with the issues' paths) saying what could not be done. */
export function parsedOrRefused<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw refusedFor(what, issuesOf(result.error));
  return result.data;
}
