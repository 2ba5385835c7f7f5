/**
 * The one place a call is executed, for every transport: check the name, parse the input with the
 * contract's schema, check the caller's role has the permission the contract table names for the
 * call, run the handler, and answer the envelope. Transports say who the caller is and add only
 * their own checks (sender origin, session) around it, so no handler can forget a permission.
 */
import type { z } from 'zod';
import { calls, isCallName, type CallName, type CallOutput, type CallResult, type ContractError, type ContractIssue, type Handlers, type PermissionRule } from './contract';
import { ROLE_LABELS, roleAllows, rolesWith, type Caller, type Permission } from './domain/people';

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

/** The permission a call needs with this (parsed) input. */
export function permissionFor(name: CallName, parsedInput: unknown): Permission {
  const rule = calls[name].permission as PermissionRule;
  return typeof rule === 'function' ? rule(parsedInput as never) : rule;
}

const listed = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/** The refusal a caller gets for a call their role does not allow, naming who may. */
export function forbidden(name: CallName, caller: Caller, permission: Permission): { ok: false; error: ContractError } {
  const may = listed(rolesWith(permission).map((role) => ROLE_LABELS[role].toLowerCase() + 's'));
  return fail(
    'forbidden',
    `${name}: ${caller.name} signed in as ${ROLE_LABELS[caller.role].toLowerCase()} may not do this (it needs the "${permission}" permission, which ${may} have).`,
  );
}

export async function dispatchCall(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
  caller: Caller,
  onUnexpected?: (name: CallName, error: unknown) => void,
): Promise<CallResult<unknown>> {
  if (!isCallName(name)) return fail('unknown_call', `There is no call named ${JSON.stringify(String(name)).slice(0, 80)}.`);
  // A call's own permission is checked before its input: a caller who may not make it learns nothing of its schema.
  const rule = calls[name].permission as PermissionRule;
  if (typeof rule === 'string' && !roleAllows(caller.role, rule)) return forbidden(name, caller, rule);
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
  // A permission chosen by the input (reading an entry, or revealing it) is checked once it is parsed.
  if (typeof rule === 'function') {
    const permission = rule(parsed.data as never);
    if (!roleAllows(caller.role, permission)) return forbidden(name, caller, permission);
  }
  try {
    const handler = handlers[name] as (input: unknown, caller: Caller) => CallOutput<CallName> | Promise<CallOutput<CallName>>;
    return { ok: true, value: await handler(parsed.data, caller) };
  } catch (error) {
    if (error instanceof CallRefusedError) return fail(error.code, error.message, error.issues);
    onUnexpected?.(name, error);
    const message = error instanceof Error ? error.message : String(error);
    return fail('failed', `${name} failed: ${message}`);
  }
}
