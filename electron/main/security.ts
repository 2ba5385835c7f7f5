/**
 * Hardening for every web page the shell creates (design section 7): the console may only ever show
 * its own built renderer, so navigation, redirects, new windows, webviews and permission requests
 * are all refused. Electron objects are passed in so tests can hand over fakes.
 */
import type { App, Session, Shell } from 'electron';

/** Where the app's own renderer lives: the built file in production, the dev server in development. */
export interface RendererLocation {
  /** `file:` URL of the built renderer's index.html. */
  rendererFileUrl?: string;
  /** The electron-vite dev server (only when not packaged). */
  devServerUrl?: string;
  /**
   * A casebridge server whose console the window shows (server mode): its pages may be navigated
   * to, but it never reaches the contract through IPC (there is no bridge in that mode).
   */
  serverUrl?: string;
}

/** A frame or navigation target, as far as the checks below need it. */
function parseUrl(text: unknown): URL | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 8192) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

// The URL parser has already resolved `..` (also `%2e%2e`), but an encoded separator or NUL would
// only turn into one after decoding, past the folder test: such paths are refused outright.
const ENCODED_SEPARATOR_OR_NUL = /%2f|%5c|%00|\\/i;

/** The decoded path of a `file:` URL on the local machine, or undefined for anything doubtful. */
function localFilePath(url: URL | undefined): string | undefined {
  if (!url || url.protocol !== 'file:' || url.host !== '') return undefined;
  if (ENCODED_SEPARATOR_OR_NUL.test(url.pathname)) return undefined;
  let path: string;
  try {
    // Decoding both sides makes Chromium's and Node's percent-encoding choices compare equal.
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  return path.split('/').some((segment) => segment === '..' || segment === '.') ? undefined : path;
}

function devServerOrigin(location: RendererLocation): string | undefined {
  const dev = parseUrl(location.devServerUrl);
  return dev && (dev.protocol === 'http:' || dev.protocol === 'https:') ? dev.origin : undefined;
}

/**
 * May a frame at `frameUrl` use the contract? Only a page inside the built renderer folder, or one
 * from the exact dev-server origin. A null frame (destroyed or navigated away) never may.
 */
export function isAllowedSender(frameUrl: string | null | undefined, allowed: RendererLocation): boolean {
  const url = parseUrl(frameUrl);
  if (!url) return false;
  if (url.protocol === 'file:') {
    const index = localFilePath(parseUrl(allowed.rendererFileUrl));
    const path = localFilePath(url);
    if (!index || !path) return false;
    const folder = index.slice(0, index.lastIndexOf('/') + 1);
    // `folder` ends in '/', so `/out/renderer-evil/` can never pass for `/out/renderer/`.
    return folder.length > 1 && path.startsWith(folder) && path.length > folder.length;
  }
  const origin = devServerOrigin(allowed);
  return origin !== undefined && url.origin === origin;
}

/** Is `target` the renderer's own page (a reload), as opposed to anywhere else? */
export function isOwnRendererPage(target: string | null | undefined, allowed: RendererLocation): boolean {
  const url = parseUrl(target);
  if (!url) return false;
  const server = parseUrl(allowed.serverUrl);
  if (server) return (server.protocol === 'https:' || server.protocol === 'http:') && url.origin === server.origin;
  if (url.protocol === 'file:') {
    const index = localFilePath(parseUrl(allowed.rendererFileUrl));
    return index !== undefined && localFilePath(url) === index;
  }
  const origin = devServerOrigin(allowed);
  return origin !== undefined && url.origin === origin;
}

/** Where a casebridge server starts single sign-on (it then redirects to the council's identity provider). */
export const SINGLE_SIGN_ON_START = '/auth/sso/start';

/**
 * Whether one window may go to `target`, remembering the way it came. A server's console may leave
 * its server only for single sign-on: once the window goes to the server's sign-on start, https pages
 * elsewhere (the identity provider's) are allowed, until the window is back on the server.
 */
export function navigationPolicy(renderer: RendererLocation): (target: string) => boolean {
  let signingIn = false;
  return (target) => {
    if (isOwnRendererPage(target, renderer)) {
      signingIn = renderer.serverUrl !== undefined && parseUrl(target)?.pathname === SINGLE_SIGN_ON_START;
      return true;
    }
    return signingIn && parseUrl(target)?.protocol === 'https:';
  };
}

/** Only web links leave the app, and only to the user's browser. */
export function isExternalLinkAllowed(target: string): boolean {
  return parseUrl(target)?.protocol === 'https:';
}

export interface HardeningDeps {
  app: Pick<App, 'on'>;
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  shell: Pick<Shell, 'openExternal'>;
  renderer: RendererLocation;
  /** Told about each refusal, for the console log of the shell. */
  onBlocked?: (what: string, url: string) => void;
}

/** Call once, before the first window is created: it only guards web contents created afterwards. */
export function hardenApp({ app, session, shell, renderer, onBlocked = () => {} }: HardeningDeps): void {
  app.on('web-contents-created', (_event, contents) => {
    const allowed = navigationPolicy(renderer);
    const guardNavigation = (what: string) => (event: { url: string; preventDefault(): void }) => {
      if (allowed(event.url)) return;
      event.preventDefault();
      onBlocked(what, event.url);
    };
    contents.on('will-navigate', guardNavigation('navigation'));
    contents.on('will-redirect', guardNavigation('redirect'));
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      onBlocked('webview', '');
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLinkAllowed(url)) {
        shell.openExternal(url).catch((error: unknown) => onBlocked(`external link, which could not be opened (${String(error)})`, url));
      } else {
        onBlocked('new window', url);
      }
      return { action: 'deny' };
    });
  });

  // The console needs no camera, notifications, clipboard-read, geolocation, ...: refuse them all.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
