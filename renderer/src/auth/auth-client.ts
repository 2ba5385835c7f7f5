/**
 * The server's sign-in routes (`/auth/...`), for a browser console on a casebridge server with
 * accounts. Every answer is checked before it is believed, and every failure comes back in words a
 * person can act on, never as a thrown error.
 *
 * Decisions:
 * - A host that does not answer `/auth/state` with the expected JSON (an older host, or one that
 *   only knows the single-user token) is taken as token mode: the console then starts as it always has.
 * - Every POST is JSON from this page's own origin, as the server requires (the browser sets `Origin`).
 */
import { z } from 'zod';
import { RoleSchema } from '../../../shared/domain/people';

export const AuthStateSchema = z.object({
  signIn: z.enum(['token', 'accounts']),
  needsSetup: z.boolean(),
  signedIn: z.boolean(),
  person: z.object({ name: z.string(), role: RoleSchema }).optional(),
  sso: z.object({ label: z.string().min(1) }).optional(),
  fingerprint: z.string().optional(),
});
export type AuthState = z.infer<typeof AuthStateSchema>;

const IssueSchema = z.object({ path: z.string(), message: z.string() });
const ErrorBodySchema = z.object({ error: z.string().min(1), issues: z.array(IssueSchema).optional(), retryAfterSeconds: z.number().nonnegative().optional() });

export type AuthIssue = z.infer<typeof IssueSchema>;
export type AuthAnswer = { ok: true } | { ok: false; message: string; issues?: AuthIssue[]; retryAfterSeconds?: number };

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The server's sign-in state, or null when it has no accounts routes (token mode). */
export async function readAuthState(fetchFn: FetchLike = fetch): Promise<AuthState | null> {
  try {
    const response = await fetchFn('/auth/state', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return null;
    const parsed = AuthStateSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** "Try again in 4 minutes." for a lock's time left. */
export function tryAgainIn(seconds: number): string {
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `Try again in ${whole} second${whole === 1 ? '' : 's'}.`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

/** Posts to one of the sign-in routes and says how it went. */
export async function postAuth(path: `/auth/${string}`, body: unknown, fetchFn: FetchLike = fetch): Promise<AuthAnswer> {
  let response: Response;
  try {
    response = await fetchFn(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body ?? {}),
    });
  } catch (error) {
    return { ok: false, message: `The server could not be reached (${(error as Error).message}). Check that it is running and that this computer can reach it, then try again.` };
  }
  if (response.ok) return { ok: true };
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  const parsed = ErrorBodySchema.safeParse(json);
  if (!parsed.success)
    return { ok: false, message: `The server refused with HTTP ${response.status} and gave no reason. Try again; if it goes on, ask your IT team to look at the server's log.` };
  const { error, issues, retryAfterSeconds } = parsed.data;
  const message = response.status === 429 && retryAfterSeconds !== undefined ? `${error} ${tryAgainIn(retryAfterSeconds)}` : error;
  return { ok: false, message, ...(issues?.length ? { issues } : {}), ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
}

/** The first objection per field (`password`, `next`), for a form's fields. */
export function issuesByField(issues: readonly AuthIssue[] | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues ?? []) fields[issue.path.split('.')[0] ?? ''] ??= issue.message;
  return fields;
}
