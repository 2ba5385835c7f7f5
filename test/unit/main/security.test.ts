import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { hardenApp, isAllowedSender, isOwnRendererPage, type HardeningDeps, type RendererLocation } from '../../../electron/main/security';

const built: RendererLocation = { rendererFileUrl: 'file:///opt/casebridge/resources/app/out/renderer/index.html' };
const dev: RendererLocation = { devServerUrl: 'http://localhost:5173/' };

describe('isAllowedSender', () => {
  it.each([
    'file:///opt/casebridge/resources/app/out/renderer/index.html',
    'file:///opt/casebridge/resources/app/out/renderer/index.html#/log',
    'file:///opt/casebridge/resources/app/out/renderer/index.html?page=log',
    'file:///opt/casebridge/resources/app/out/renderer/assets/worker.js',
    'file://localhost/opt/casebridge/resources/app/out/renderer/index.html',
  ])('accepts the built renderer: %s', (url) => {
    expect(isAllowedSender(url, built)).toBe(true);
  });

  it('on Windows, an app installed under a user name with an accent and a space accepts its own pages and no neighbour', () => {
    // What url.pathToFileURL makes of C:\Users\Siân Jones\AppData\Local\Programs\casebridge\resources\app.asar\out\renderer\index.html
    const root = 'file:///C:/Users/Si%C3%A2n%20Jones/AppData/Local/Programs/casebridge/resources/app.asar/out';
    const installed: RendererLocation = { rendererFileUrl: `${root}/renderer/index.html` };
    expect(isAllowedSender(`${root}/renderer/index.html#/log`, installed)).toBe(true);
    // Chromium may leave the accent unencoded: the same file.
    expect(isAllowedSender('file:///C:/Users/Siân%20Jones/AppData/Local/Programs/casebridge/resources/app.asar/out/renderer/assets/index.js', installed)).toBe(true);
    expect(isAllowedSender(`${root}/renderer-evil/index.html`, installed)).toBe(false);
    expect(isAllowedSender(`${root}/renderer%5c..%5cother/index.html`, installed)).toBe(false);
    expect(isOwnRendererPage(`${root}/renderer/index.html`, installed)).toBe(true);
  });

  it.each([
    ['a prefix-sharing sibling folder', 'file:///opt/casebridge/resources/app/out/renderer-evil/index.html'],
    ['a prefix-sharing sibling file', 'file:///opt/casebridge/resources/app/out/rendererindex.html'],
    ['a climb out with ..', 'file:///opt/casebridge/resources/app/out/renderer/../evil/index.html'],
    ['a climb out with encoded dots', 'file:///opt/casebridge/resources/app/out/renderer/%2e%2e/evil/index.html'],
    ['an encoded slash', 'file:///opt/casebridge/resources/app/out/renderer/..%2f..%2fevil.html'],
    ['an encoded backslash', 'file:///opt/casebridge/resources/app/out/renderer/..%5cevil.html'],
    ['the folder itself (a directory listing)', 'file:///opt/casebridge/resources/app/out/renderer/'],
    ['another local file', 'file:///tmp/index.html'],
    ['a file on another host', 'file://evil.example/opt/casebridge/resources/app/out/renderer/index.html'],
    ['a web page', 'https://evil.example/index.html'],
    ['the dev server when not configured', 'http://localhost:5173/'],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['garbage', 'not a url'],
    ['an empty string', ''],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedSender(url, built)).toBe(false);
  });

  it('refuses null and undefined frames, and non-strings', () => {
    expect(isAllowedSender(null, built)).toBe(false);
    expect(isAllowedSender(undefined, built)).toBe(false);
    expect(isAllowedSender(42 as unknown as string, built)).toBe(false);
  });

  it('accepts only the exact dev-server origin', () => {
    expect(isAllowedSender('http://localhost:5173/', dev)).toBe(true);
    expect(isAllowedSender('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedSender('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedSender('https://localhost:5173/', dev)).toBe(false);
    expect(isAllowedSender('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAllowedSender('http://localhost.evil.example:5173/', dev)).toBe(false);
    expect(isAllowedSender('file:///opt/casebridge/resources/app/out/renderer/index.html', dev)).toBe(false);
  });

  it('never lets a casebridge server’s pages use the contract (server mode has no bridge)', () => {
    expect(isAllowedSender('https://cb.council.local:8443/', { serverUrl: 'https://cb.council.local:8443/' })).toBe(false);
  });

  it('refuses everything when nothing (or nothing usable) is configured', () => {
    expect(isAllowedSender('file:///opt/casebridge/resources/app/out/renderer/index.html', {})).toBe(false);
    expect(isAllowedSender('file:///index.html', { rendererFileUrl: 'file:///index.html' })).toBe(false);
    expect(isAllowedSender('null', { devServerUrl: 'file:///x' })).toBe(false);
    expect(isAllowedSender('http://localhost/', { devServerUrl: 'garbage' })).toBe(false);
  });

  it('compares percent-encoded paths by what they name', () => {
    const spaced = { rendererFileUrl: 'file:///C:/Program%20Files/casebridge/out/renderer/index.html' };
    expect(isAllowedSender('file:///C:/Program Files/casebridge/out/renderer/index.html', spaced)).toBe(true);
    expect(isAllowedSender('file:///C:/Program%20Files/casebridge/out/renderer/index.html', spaced)).toBe(true);
    expect(isAllowedSender('file:///C:/Program%20Files/casebridge/out/renderer%2Devil/index.html', spaced)).toBe(false);
  });
});

describe('isOwnRendererPage', () => {
  it('is the index page only (a reload), not other files of the folder', () => {
    expect(isOwnRendererPage('file:///opt/casebridge/resources/app/out/renderer/index.html#/x', built)).toBe(true);
    expect(isOwnRendererPage('file:///opt/casebridge/resources/app/out/renderer/other.html', built)).toBe(false);
    expect(isOwnRendererPage('http://localhost:5173/', dev)).toBe(true);
    expect(isOwnRendererPage('http://localhost:5173.evil.example/', dev)).toBe(false);
  });
});

/** A webContents as far as hardening touches it. */
class FakeContents extends EventEmitter {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

function harden(renderer: RendererLocation = built) {
  const app = new EventEmitter();
  const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
  const shell = { openExternal: vi.fn(async () => {}) };
  const onBlocked = vi.fn();
  hardenApp({ app, session, shell, renderer, onBlocked } as unknown as HardeningDeps);
  const contents = new FakeContents();
  app.emit('web-contents-created', {}, contents);
  const navigationEvent = (url: string) => ({ url, preventDefault: vi.fn() });
  return { contents, session, shell, onBlocked, navigationEvent };
}

describe('hardenApp', () => {
  it('keeps a server’s console on the server’s origin (scheme, host and port)', () => {
    const { contents, navigationEvent } = harden({ serverUrl: 'https://cb.council.local:8443/' });
    const allowed = (url: string) => {
      const event = navigationEvent(url);
      contents.emit('will-navigate', event, event.url);
      return event.preventDefault.mock.calls.length === 0;
    };
    expect(allowed('https://cb.council.local:8443/#/sign-in')).toBe(true);
    expect(allowed('https://cb.council.local:8443/auth/sso/callback?code=x')).toBe(true);
    expect(allowed('https://cb.council.local:9443/')).toBe(false);
    expect(allowed('http://cb.council.local:8443/')).toBe(false);
    expect(allowed('https://evil.example/')).toBe(false);
    expect(allowed('file:///opt/casebridge/resources/app/out/renderer/index.html')).toBe(false);
  });

  it('lets a server’s console visit its identity provider over https during single sign-on, and only then', () => {
    const { contents, navigationEvent } = harden({ serverUrl: 'https://cb.council.local:8443/' });
    const allowed = (kind: 'will-navigate' | 'will-redirect', url: string) => {
      const event = navigationEvent(url);
      contents.emit(kind, event, event.url);
      return event.preventDefault.mock.calls.length === 0;
    };
    const provider = 'https://login.microsoftonline.com/council/oauth2/v2.0/authorize?client_id=x';
    expect(allowed('will-navigate', provider)).toBe(false); // not without starting sign-on on the server
    expect(allowed('will-navigate', 'https://cb.council.local:8443/auth/sso/start')).toBe(true);
    expect(allowed('will-redirect', provider)).toBe(true);
    expect(allowed('will-navigate', 'http://login.example/plain')).toBe(false); // never plain http
    expect(allowed('will-navigate', 'https://login.microsoftonline.com/council/login')).toBe(true);
    expect(allowed('will-redirect', 'https://cb.council.local:8443/auth/sso/callback?code=abc')).toBe(true);
    expect(allowed('will-navigate', provider)).toBe(false); // back on the server: the detour is over
  });

  it('allows no sign-on detour to the app’s own renderer', () => {
    const { contents, navigationEvent } = harden();
    const event = navigationEvent('https://login.microsoftonline.com/');
    contents.emit('will-navigate', navigationEvent('file:///auth/sso/start'), 'file:///auth/sso/start');
    contents.emit('will-navigate', event, event.url);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('prevents navigation to a foreign URL', () => {
    const { contents, navigationEvent, onBlocked } = harden();
    const event = navigationEvent('https://evil.example/');
    contents.emit('will-navigate', event, event.url);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
    expect(onBlocked).toHaveBeenCalledWith('navigation', 'https://evil.example/');
  });

  it('prevents navigation to another local file, even beside the renderer', () => {
    const { contents, navigationEvent } = harden();
    const event = navigationEvent('file:///opt/casebridge/resources/app/out/renderer/other.html');
    contents.emit('will-navigate', event, event.url);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it("lets the renderer's own page reload", () => {
    const { contents, navigationEvent } = harden();
    const event = navigationEvent('file:///opt/casebridge/resources/app/out/renderer/index.html');
    contents.emit('will-navigate', event, event.url);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents redirects away from the app', () => {
    const { contents, navigationEvent, onBlocked } = harden(dev);
    const event = navigationEvent('https://evil.example/landing');
    contents.emit('will-redirect', event, event.url);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
    expect(onBlocked).toHaveBeenCalledWith('redirect', 'https://evil.example/landing');
    const own = navigationEvent('http://localhost:5173/');
    contents.emit('will-redirect', own, own.url);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents attaching a webview', () => {
    const { contents } = harden();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('denies window.open, and opens an https link in the browser', () => {
    const { contents, shell } = harden();
    expect(contents.windowOpenHandler!({ url: 'https://www.gov.uk/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.gov.uk/');
  });

  it.each(['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'not a url', ''])('denies window.open and does not open %s outside', (url) => {
    const { contents, shell, onBlocked } = harden();
    expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(onBlocked).toHaveBeenCalledWith('new window', url);
  });

  it('answers every permission request with false', () => {
    const { session } = harden();
    const handler = session.setPermissionRequestHandler.mock.calls[0]![0] as (w: unknown, p: string, cb: (granted: boolean) => void) => void;
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      handler({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
  });

  it('answers every permission check with false', () => {
    const { session } = harden();
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (w: unknown, p: string) => boolean;
    expect(check({}, 'media')).toBe(false);
    expect(check(null, 'clipboard-sanitized-write')).toBe(false);
  });
});
