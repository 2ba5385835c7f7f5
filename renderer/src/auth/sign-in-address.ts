/**
 * What the address brings to the sign-in screens: the setup code the server printed (`?setup=` or
 * `#/setup?code=`), and why single sign-on was refused (`#/sign-in?error=`, from the callback).
 * Both are taken out of the address once read, so a code is not left in history or bookmarks.
 */

export interface SignInAddress {
  setupCode: string | null;
  signInError: string | null;
  /** The address without them: what to put back in the address bar. */
  cleaned: string;
}

export function readSignInAddress(href: string): SignInAddress {
  const url = new URL(href);
  let setupCode = url.searchParams.get('setup');
  let signInError: string | null = null;
  url.searchParams.delete('setup');
  const [hashPath = '', hashQuery = ''] = url.hash.replace(/^#\/?/, '').split(/\?(.*)/s, 2);
  if (hashPath === 'setup' || hashPath === 'sign-in') {
    const params = new URLSearchParams(hashQuery);
    if (hashPath === 'setup') setupCode ??= params.get('code');
    else signInError = params.get('error');
    url.hash = '';
  }
  const trimmedCode = setupCode?.trim() ?? '';
  const trimmedError = signInError?.trim() ?? '';
  return {
    setupCode: trimmedCode === '' ? null : trimmedCode,
    signInError: trimmedError === '' ? null : trimmedError.slice(0, 500),
    cleaned: url.pathname + url.search + url.hash,
  };
}

/** Why this tab was last signed out, kept across the reload that starts the console afresh. */
const SIGNED_OUT_KEY = 'casebridge.signedOutBecause';

export function rememberSignedOut(storage: Pick<Storage, 'setItem'>, reason: string): void {
  storage.setItem(SIGNED_OUT_KEY, reason);
}

/** The reason kept by rememberSignedOut, once: it is removed as it is read. */
export function takeSignedOut(storage: Pick<Storage, 'getItem' | 'removeItem'>): string | null {
  const reason = storage.getItem(SIGNED_OUT_KEY);
  storage.removeItem(SIGNED_OUT_KEY);
  return reason;
}

/** "You were signed out. Your account was disabled by Sam Patel." from the host's close reason (a sentence, or a fragment). */
export function signedOutMessage(reason: string): string {
  const words = reason.trim().replace(/\.+$/, '');
  return words === '' ? 'You were signed out.' : `You were signed out. ${words[0]!.toUpperCase()}${words.slice(1)}.`;
}
