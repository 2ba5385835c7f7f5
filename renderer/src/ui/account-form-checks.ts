/**
 * The checks a person's details get before they are sent (first administrator, a new account, a
 * new password), from the same schemas the engine checks them with, so the form says what the
 * engine would, beside the field, before a round trip.
 */
import type { ZodType } from 'zod';
import { DisplayNameSchema, PasswordSchema, UsernameSchema } from '../../../shared/domain/people';

export type FieldProblems<K extends string> = Partial<Record<K, string>>;

function problemWith(schema: ZodType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/** The new password and its repeat: long enough, and typed the same twice. */
export function checkNewPassword(password: string, repeat: string): FieldProblems<'password' | 'repeat'> {
  const problems: FieldProblems<'password' | 'repeat'> = {};
  const weak = problemWith(PasswordSchema, password);
  if (weak) problems.password = weak;
  else if (repeat !== password) problems.repeat = 'does not match the password above';
  return problems;
}

export interface PersonFields {
  displayName: string;
  username: string;
}

/** A person's name and user name. */
export function checkPerson({ displayName, username }: PersonFields): FieldProblems<'displayName' | 'username'> {
  const problems: FieldProblems<'displayName' | 'username'> = {};
  const name = problemWith(DisplayNameSchema, displayName);
  if (name) problems.displayName = name;
  const user = problemWith(UsernameSchema, username);
  if (user) problems.username = user;
  return problems;
}

export function hasProblems(problems: object): boolean {
  return Object.keys(problems).length > 0;
}
