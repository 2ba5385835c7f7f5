/**
 * The one place a call is executed, for every transport: check the name, parse the input with the
 * contract's schema, run the handler, and answer the envelope. Transports add only their own checks
 * (sender origin, session token) around it.
 */
import type { z } from 'zod';
import { calls, isCallName, type CallName, type CallOutput, type CallResult, type ContractError, type ContractIssue, type Handlers } from './contract';

export function issuesOf(error: z.ZodError): ContractIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function describeIssues(issues: ContractIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

export function fail(code: ContractError['code'], message: string, issues?: ContractIssue[]): { ok: false; error: ContractError } {
  return { ok: false, error: issues ? { code, message, issues } : { code, message } };
}

/**
 * Thrown by a handler that refuses its input for a reason only it can know (a name already taken,
 * a template file that does not parse): the caller gets this code, message and issues as they are.
 */
export class CallRefusedError extends Error {
  override readonly name = 'CallRefusedError';
  constructor(
    message: string,
    readonly code: ContractError['code'] = 'invalid_input',
    readonly issues?: ContractIssue[],
  ) {
    super(message);
  }
}

export async function dispatchCall(handlers: Handlers, name: unknown, rawInput: unknown, onUnexpected?: (name: CallName, error: unknown) => void): Promise<CallResult<unknown>> {
  if (!isCallName(name)) return fail('unknown_call', `There is no call named ${JSON.stringify(String(name)).slice(0, 80)}.`);
  let parsed: ReturnType<z.ZodType['safeParse']>;
  try {
    parsed = (calls[name].input as z.ZodType).safeParse(rawInput);
  } catch (error) {
    // Only an input the schema cannot walk (a stack overflow, a getter that throws) gets here.
    const why = error instanceof Error ? error.message : String(error);
    return fail('invalid_input', `${name}: the input could not be checked (${why}): is it nested too deeply?`);
  }
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    return fail('invalid_input', `${name}: the input is not valid (${describeIssues(issues)}).`, issues);
  }
  try {
    const handler = handlers[name] as (input: unknown) => CallOutput<CallName> | Promise<CallOutput<CallName>>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof CallRefusedError) return fail(error.code, error.message, error.issues);
    onUnexpected?.(name, error);
    const message = error instanceof Error ? error.message : String(error);
    return fail('failed', `${name} failed: ${message}`);
  }
}
