/**
 * What every connection's base URL setting shares: where plain http may go, the answer of a
 * connector's own check (its wording and rules for the path are its own), and that check as a
 * schema (normalising the URL) and as the console's as-you-type problem.
 */
import { z } from 'zod';
import { isLoopbackHost } from '../loopback';

/** This machine, or a name reserved for testing (RFC 6761): the only places plain http may go. */
export function isTestHost(hostname: string): boolean {
  return isLoopbackHost(hostname) || /\.(test|example|invalid)$/.test(hostname);
}

export type BaseUrlCheck = { ok: true; baseUrl: string } | { ok: false; reason: string };

/** Why a base URL is not acceptable to `check`, or undefined when it is. */
export function baseUrlProblem(check: (input: string) => BaseUrlCheck, value: string): string | undefined {
  const result = check(value);
  return result.ok ? undefined : result.reason;
}

/** A base URL, checked by `check` and normalised (no trailing slash); empty is allowed only where `allowEmpty`. */
export function baseUrlSchema(check: (input: string) => BaseUrlCheck, allowEmpty: boolean) {
  return z
    .string()
    .max(500)
    .transform((value, ctx) => {
      if (allowEmpty && value.trim() === '') return '';
      const result = check(value);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.reason });
        return z.NEVER;
      }
      return result.baseUrl;
    });
}
