/**
 * The headless host's session token. It arrives once in the address (`?token=`), is kept in
 * sessionStorage so a reload of this tab still works, and is taken out of the address bar so it
 * is not left in history, bookmarks or screenshots.
 */
const STORAGE_KEY = 'casebridge.sessionToken';

export function takeSessionToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

/** The host's WebSocket; without a token the session cookie authenticates it (a server with accounts). */
export function webSocketUrl(token: string | null): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/ws`;
  return token === null ? url : `${url}?token=${encodeURIComponent(token)}`;
}
