/**
 * "Connect to a casebridge server…": a small window of our own that asks for the server's address
 * (Electron has no prompt). The page has no preload and no bridge: it hands its answer back by
 * setting its title, which the shell reads (`page-title-updated`); a refused address reloads the
 * page with the address kept and the reason shown under the field.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { ServerUrlCheck } from './console-mode';
import { secureWebPreferences } from './window';

/** What the page's title starts with when it answers (the rest is the address, or nothing for Cancel). */
export const ANSWER_PREFIX = 'casebridge-connect:';
export const CANCEL_TITLE = 'casebridge-connect-cancel';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The prompt page, with the address typed so far and why it was refused (if it was). */
export function connectPromptHtml(state: { value?: string; error?: string } = {}): string {
  const error = state.error ? `<p id="error" role="alert">${escapeHtml(state.error)}</p>` : '';
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="color-scheme" content="light dark">
<title>Connect to a casebridge server</title>
<style>
  :root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #c8ced6; --accent: #1c6bd2; --accent-fg: #ffffff; --error: #b3261e; }
  @media (prefers-color-scheme: dark) { :root { --bg: #1f2125; --fg: #e6e8eb; --muted: #a2a9b3; --line: #474c55; --accent: #4d8fe6; --accent-fg: #0b1220; --error: #ff8a80; } }
  * { box-sizing: border-box; }
  body { margin: 0; padding: 20px 24px; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  h1 { font-size: 17px; margin: 0 0 6px; font-weight: 600; }
  p { margin: 0 0 14px; color: var(--muted); }
  label { display: block; font-weight: 600; margin-bottom: 6px; }
  input { width: 100%; padding: 8px 10px; font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; }
  input:focus { outline: 2px solid var(--accent); outline-offset: 1px; border-color: var(--accent); }
  input[aria-invalid="true"] { border-color: var(--error); }
  #error { color: var(--error); margin: 8px 0 0; }
  .buttons { display: flex; justify-content: flex-end; gap: 8px; margin-top: 18px; }
  button { font: inherit; padding: 7px 16px; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
  button[type="submit"] { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); font-weight: 600; }
  button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
</style></head>
<body>
<form id="connect" novalidate>
  <h1>Connect to a casebridge server</h1>
  <p>This workstation’s engine stops while you use the server’s. You will check the server’s certificate, then sign in.</p>
  <label for="url">Server address</label>
  <input id="url" name="url" type="url" autocomplete="url" spellcheck="false" required placeholder="https://casebridge.council.local:8443" value="${escapeHtml(state.value ?? '')}"${state.error ? ' aria-invalid="true" aria-describedby="error"' : ''}>
  ${error}
  <div class="buttons"><button type="button" id="cancel">Cancel</button><button type="submit">Connect</button></div>
</form>
<script>
  const field = document.getElementById('url');
  field.focus();
  field.select();
  document.getElementById('connect').addEventListener('submit', (event) => {
    event.preventDefault();
    document.title = ${JSON.stringify(ANSWER_PREFIX)} + field.value;
  });
  const cancel = () => { document.title = ${JSON.stringify(CANCEL_TITLE)}; };
  document.getElementById('cancel').addEventListener('click', cancel);
  document.addEventListener('keydown', (event) => { if (event.key === 'Escape') cancel(); });
</script>
</body></html>`;
}

export const promptPageUrl = (state: { value?: string; error?: string } = {}) => `data:text/html;charset=utf-8,${encodeURIComponent(connectPromptHtml(state))}`;

/** What this module uses of a BrowserWindow. */
export interface PromptWindowLike {
  webContents: { on(event: 'page-title-updated', listener: (event: { preventDefault(): void }, title: string) => void): unknown };
  on(event: 'closed', listener: () => void): unknown;
  loadURL(url: string): Promise<void>;
  close(): void;
  isDestroyed(): boolean;
}

export interface PromptOptions<W extends PromptWindowLike> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  /** The window the prompt belongs to (it stays on top of it), when there is one. */
  parent?: BrowserWindowConstructorOptions['parent'];
  /** The address to start from (the server used last). */
  initial?: string;
  check(text: string): ServerUrlCheck;
  onError?: (what: string, error: unknown) => void;
}

/** The checked address the person typed, or undefined when they cancelled or closed the prompt. */
export function promptForServerUrl<W extends PromptWindowLike>(options: PromptOptions<W>): Promise<string | undefined> {
  const win = new options.BrowserWindow({
    title: 'Connect to a casebridge server',
    // The page is laid out for this size of content (test/e2e/connect-prompt.spec.ts checks it fits).
    width: 560,
    height: 300,
    useContentSize: true,
    resizable: false,
    minimizable: false,
    maximizable: false,
    ...(options.parent ? { parent: options.parent, modal: true } : {}),
    webPreferences: secureWebPreferences(),
  });
  return new Promise((resolve) => {
    let answered = false;
    const answer = (url: string | undefined) => {
      if (answered) return;
      answered = true;
      resolve(url);
      if (!win.isDestroyed()) win.close();
    };
    const load = (state: { value?: string; error?: string }) =>
      win.loadURL(promptPageUrl(state)).catch((error: unknown) => {
        options.onError?.('could not show the server address prompt', error);
        answer(undefined);
      });
    win.on('closed', () => answer(undefined));
    win.webContents.on('page-title-updated', (event, title) => {
      if (title === CANCEL_TITLE) return answer(undefined);
      if (!title.startsWith(ANSWER_PREFIX)) return;
      event.preventDefault();
      const typed = title.slice(ANSWER_PREFIX.length);
      const check = options.check(typed);
      if (check.ok) answer(check.url);
      else void load({ value: typed, error: check.message });
    });
    void load({ value: options.initial ?? '' });
  });
}
