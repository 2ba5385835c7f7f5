/**
 * The server's two cookies. The session cookie is `SameSite=Strict`: no other site can make a
 * browser send it. The single sign-on cookie, which only finds the sign-in that is under way, is
 * `Lax`, because the identity provider's redirect back to us is a navigation from another site.
 */
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'casebridge_session';
export const SSO_COOKIE = 'casebridge_sso';
/** How long a single sign-on may take, from our redirect to the provider's redirect back. */
export const SSO_PENDING_SECONDS = 600;

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

export const sessionCookie = (id: string) => `${SESSION_COOKIE}=${id}; HttpOnly; Secure; SameSite=Strict; Path=/`;
export const clearedSessionCookie = () => `${SESSION_COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0`;
export const ssoCookie = (id: string) => `${SSO_COOKIE}=${id}; HttpOnly; Secure; SameSite=Lax; Path=/auth/sso; Max-Age=${SSO_PENDING_SECONDS}`;
export const clearedSsoCookie = () => `${SSO_COOKIE}=; HttpOnly; Secure; SameSite=Lax; Path=/auth/sso; Max-Age=0`;
