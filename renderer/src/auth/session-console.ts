/**
 * A browser console signed in to a server with accounts: the WebSocket carries no token (the
 * session cookie authenticates it), and when the session ends the tab starts afresh at the
 * sign-in screen, saying why.
 *
 * Decisions:
 * - Signed out means a reload, not a reset of every store in place: the next person (or the same
 *   one, signed in again) starts from nothing this session loaded.
 * - A socket refused before it ever opened may be a session that ended between the page loading and
 *   the socket connecting: the server's state says whether to show the sign-in screen.
 */
import { createWebSocketTransport } from '../api/ws-transport';
import { webSocketUrl } from '../api/session-token';
import type { Transport } from '../api/transport';
import { postAuth, readAuthState, type AuthAnswer } from './auth-client';
import { rememberSignedOut } from './sign-in-address';

// Once leaving, a second cause (the socket's state after its close) must not replace the first.
let leaving = false;
// While the person's own sign-out is on its way, the server's close is its echo.
let signingOut = false;

/** Starts this tab afresh at the sign-in screen, which says `reason` (nothing when the person signed out themselves). */
export function backToSignIn(reason: string | null): void {
  if (leaving) return;
  leaving = true;
  if (reason !== null) rememberSignedOut(sessionStorage, reason);
  window.location.reload();
}

/**
 * Signs this person out (here, or everywhere) and starts afresh. The server may close the socket
 * before it answers: that close is the person's own doing, so the sign-in screen says nothing of it.
 */
export async function signOut(path: '/auth/sign-out' | '/auth/sign-out-everywhere'): Promise<AuthAnswer> {
  signingOut = true;
  const answer = await postAuth(path, {});
  signingOut = false;
  if (answer.ok) backToSignIn(null);
  return answer;
}

export function openSignedInTransport(): Transport {
  const transport = createWebSocketTransport({ url: webSocketUrl(null), onSignedOut: (reason) => backToSignIn(signingOut ? null : reason) });
  transport.onStateChange((state) => {
    if (state !== 'unauthorised' || leaving) return;
    void readAuthState().then((auth) => {
      if (auth?.signIn === 'accounts' && !auth.signedIn) backToSignIn('your session has ended');
    });
  });
  return transport;
}
