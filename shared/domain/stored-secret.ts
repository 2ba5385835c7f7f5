/**
 * The rule for a stored secret (an API private key, a password), in words both sides use: it may
 * be sent only to the address it was saved with, as the user it was saved with. The engine refuses
 * with these words (electron/engine/connectors/stored-secret.ts); the console says them under the
 * secret's field as soon as the form names another address or user, before anything is asked.
 */

/** Where a secret goes and for whom: a base URL and the user (Cx username, Tascomi public key). */
export interface SecretBinding {
  baseUrl: string;
  user: string;
}

/** How one connector's secret is named, and the field of its forms and calls that carries it. */
export interface StoredSecretKind {
  /** The input field of the secret: an issue about it is shown under that field. */
  field: string;
  /** "API private key", "password". */
  secret: string;
  /** "public key", "username". */
  user: string;
  /** How the user goes with the address: "with the saved public key", "as the saved username". */
  relation: 'with' | 'as';
}

/**
 * A base URL as a connection uses it: scheme, host and port as a URL reads them (case, the default
 * port), the path without its trailing slashes, and the query. Undefined for no URL, or one that
 * carries a user name or password (never the same address as a saved one).
 */
export function connectionAddress(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}

/** Whether two base URLs reach the same place the same way (an unreadable one is never the same). */
export function sameConnectionAddress(a: string, b: string): boolean {
  const first = connectionAddress(a);
  return first !== undefined && first === connectionAddress(b);
}

/**
 * Why the stored secret saved for `saved` cannot be sent to `wanted`, or undefined when it can
 * (the same address as the connection uses it, the same user exactly).
 */
export function storedSecretRefusal(kind: StoredSecretKind, saved: SecretBinding, wanted: SecretBinding): string | undefined {
  const sameAddress = sameConnectionAddress(saved.baseUrl, wanted.baseUrl);
  if (sameAddress && saved.user === wanted.user) return undefined;
  const rule = `The saved ${kind.secret} is only sent to the saved address ${saved.baseUrl || '(none saved)'} ${kind.relation} the saved ${kind.user}`;
  return sameAddress ? `${rule}; type it again to use another ${kind.user}.` : `${rule}; type it again to use ${wanted.baseUrl || 'another address'}.`;
}
