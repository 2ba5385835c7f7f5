import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkServerUrl } from '../../../electron/main/console-mode';
import { ANSWER_PREFIX, CANCEL_TITLE, connectPromptHtml, promptForServerUrl } from '../../../electron/main/connect-prompt';

/** The prompt window as far as the module uses it: the page "answers" by a title the test sets. */
class FakePromptWindow extends EventEmitter {
  static made: FakePromptWindow[] = [];
  readonly webContents = new EventEmitter();
  destroyed = false;
  readonly loaded: string[] = [];
  loadURL = vi.fn(async (url: string) => void this.loaded.push(decodeURIComponent(url.slice(url.indexOf(',') + 1))));
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakePromptWindow.made.push(this);
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
  isDestroyed = () => this.destroyed;
  /** What the page does when the person presses Connect (or Cancel): it sets its title. */
  pageSetsTitle(title: string) {
    const event = { preventDefault: vi.fn() };
    this.webContents.emit('page-title-updated', event, title);
    return event;
  }
}

afterEach(() => {
  FakePromptWindow.made = [];
});

const prompt = (initial?: string) => promptForServerUrl({ BrowserWindow: FakePromptWindow, check: checkServerUrl, ...(initial ? { initial } : {}) });

describe('the server address prompt', () => {
  it('opens a locked-down page with no bridge, starting from the last address', async () => {
    const answer = prompt('https://cb.council.local/');
    const win = FakePromptWindow.made[0]!;
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    expect(win.loaded[0]).toContain('value="https://cb.council.local/"');
    win.pageSetsTitle(CANCEL_TITLE);
    expect(await answer).toBeUndefined();
  });

  it('answers the checked address, and closes', async () => {
    const answer = prompt();
    const win = FakePromptWindow.made[0]!;
    win.pageSetsTitle('Connect to a casebridge server'); // the page's own title: not an answer
    const event = win.pageSetsTitle(`${ANSWER_PREFIX} https://cb.council.local:8443 `);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(await answer).toBe('https://cb.council.local:8443/');
    expect(win.destroyed).toBe(true);
  });

  it('shows why an address is refused, keeping what was typed, and waits for another', async () => {
    const answer = prompt();
    const win = FakePromptWindow.made[0]!;
    win.pageSetsTitle(`${ANSWER_PREFIX}http://10.0.0.5:8080`);
    await vi.waitFor(() => expect(win.loaded).toHaveLength(2));
    expect(win.loaded[1]).toContain('value="http://10.0.0.5:8080"');
    expect(win.loaded[1]).toContain('role="alert">Plain http is only for a server on this computer. Use https://10.0.0.5:8080.</p>');
    expect(win.destroyed).toBe(false);
    win.pageSetsTitle(`${ANSWER_PREFIX}https://10.0.0.5:8080`);
    expect(await answer).toBe('https://10.0.0.5:8080/');
  });

  it('answers nothing when the window is closed', async () => {
    const answer = prompt();
    FakePromptWindow.made[0]!.close();
    expect(await answer).toBeUndefined();
  });

  it('writes what was typed into the page as text, never as markup', () => {
    const html = connectPromptHtml({ value: '"><script>alert(1)</script>', error: '<b>bad</b>' });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<b>bad</b>');
    expect(html).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
  });
});
