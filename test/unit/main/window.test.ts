import { EventEmitter } from 'node:events';
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow, DEFAULT_WINDOW_STATE, saneWindowState, type MainWindowOptions, type WindowState, type WindowStateStore } from '../../../electron/main/window';

/** A BrowserWindow as far as the module uses it; records what it was built with and asked to do. */
class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  bounds: Rectangle;
  maximized = false;
  destroyed = false;
  readonly actions: string[] = [];
  loadURL = vi.fn(async (_url: string) => {});
  loadFile = vi.fn(async (_path: string) => {});
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width!, height: options.height! };
    FakeWindow.created.push(this);
  }
  show() {
    this.actions.push('show');
  }
  maximize() {
    this.actions.push('maximize');
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
}

function memoryStore(initial: unknown = undefined): WindowStateStore & { saved: WindowState[] } {
  const saved: WindowState[] = [];
  return { saved, load: () => initial as WindowState, save: (state) => void saved.push(state) };
}

function open(store: WindowStateStore = memoryStore(), extra: Partial<MainWindowOptions<FakeWindow>> = {}): FakeWindow {
  return createMainWindow({ BrowserWindow: FakeWindow, preloadPath: '/app/out/preload/index.cjs', rendererFile: '/app/out/renderer/index.html', windowState: store, ...extra });
}

afterEach(() => {
  FakeWindow.created = [];
  vi.useRealTimers();
});

describe('createMainWindow', () => {
  it('locks the web preferences down', () => {
    const win = open();
    expect(win.options.webPreferences).toEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/index.cjs',
    });
  });

  it('gives a server’s console no bridge, and keeps the title that names the mode', () => {
    const win = open(memoryStore(), {
      preloadPath: undefined,
      rendererFile: undefined,
      rendererUrl: 'https://cb.council.local:8443/',
      title: 'casebridge — server cb.council.local:8443',
    });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    expect(win.options.title).toBe('casebridge — server cb.council.local:8443');
    expect(win.loadURL).toHaveBeenCalledWith('https://cb.council.local:8443/');
    const pageTitle = { preventDefault: vi.fn() };
    win.emit('page-title-updated', pageTitle, 'casebridge');
    expect(pageTitle.preventDefault).toHaveBeenCalled();
  });

  it('stays hidden until ready-to-show', () => {
    const win = open();
    expect(win.options.show).toBe(false);
    expect(win.actions).toEqual([]);
    win.emit('ready-to-show');
    expect(win.actions).toEqual(['show']);
  });

  it('loads the built file, or the dev server when given', () => {
    const built = open();
    expect(built.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
    expect(built.loadURL).not.toHaveBeenCalled();
    const dev = open(memoryStore(), { rendererUrl: 'http://localhost:5173', rendererFile: undefined });
    expect(dev.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect(() => open(memoryStore(), { rendererFile: undefined })).toThrow(/rendererUrl or rendererFile/);
  });

  it('shows the window anyway when the page cannot be loaded', async () => {
    const onError = vi.fn();
    const failing = class extends FakeWindow {
      override loadFile = vi.fn(async () => {
        throw new Error('ERR_FILE_NOT_FOUND');
      });
    };
    const win = createMainWindow({ BrowserWindow: failing, preloadPath: 'p', rendererFile: 'missing.html', windowState: memoryStore(), onError });
    await vi.waitFor(() => expect(win.actions).toEqual(['show']));
    expect(onError).toHaveBeenCalledWith('could not load the console', expect.any(Error));
  });

  it('tells when a server’s console did not load, and loads it again on retry', async () => {
    let failures = 1;
    const flaky = class extends FakeWindow {
      override loadURL = vi.fn(async () => {
        if (failures-- > 0) throw new Error('ERR_CONNECTION_REFUSED (-102)');
      });
    };
    const onLoadFailed = vi.fn((_error: unknown, _retry: () => void) => {});
    const win = createMainWindow({ BrowserWindow: flaky, rendererUrl: 'https://cb.council.local:8443/', windowState: memoryStore(), onError: () => {}, onLoadFailed });
    await vi.waitFor(() => expect(onLoadFailed).toHaveBeenCalledWith(expect.objectContaining({ message: 'ERR_CONNECTION_REFUSED (-102)' }), expect.any(Function)));
    onLoadFailed.mock.calls[0]![1]();
    await vi.waitFor(() => expect(win.loadURL).toHaveBeenCalledTimes(2));
    expect(win.loadURL).toHaveBeenLastCalledWith('https://cb.council.local:8443/');
    expect(onLoadFailed).toHaveBeenCalledTimes(1); // the second load succeeded
  });

  it('restores the saved size, position and maximised state', () => {
    const win = open(memoryStore({ width: 1500, height: 900, x: 40, y: 30, maximized: true }));
    expect(win.options).toMatchObject({ width: 1500, height: 900, x: 40, y: 30 });
    win.emit('ready-to-show');
    expect(win.actions).toEqual(['maximize', 'show']);
  });

  it.each([
    ['nothing saved', undefined],
    ['a tiny size', { width: 10, height: 10, maximized: false }],
    ['non-number sizes', { width: '1500', height: null, maximized: false }],
    ['NaN and Infinity', { width: Number.NaN, height: Number.POSITIVE_INFINITY, maximized: false }],
    ['absurd sizes', { width: 1e9, height: 1e9, maximized: false }],
  ])('falls back to the default size for %s', (_what, saved) => {
    const win = open(memoryStore(saved));
    expect(win.options).toMatchObject({ width: DEFAULT_WINDOW_STATE.width, height: DEFAULT_WINDOW_STATE.height });
    expect(win.options.x).toBeUndefined();
  });

  it('falls back to the defaults when the store throws', () => {
    const onError = vi.fn();
    const broken: WindowStateStore = {
      load: () => {
        throw new Error('EACCES');
      },
      save: () => {},
    };
    const win = open(broken, { onError });
    expect(win.options).toMatchObject({ width: 1280, height: 800 });
    expect(onError).toHaveBeenCalled();
  });

  it('drops a position that is off every screen, keeps one that is on a screen', () => {
    const workAreas = () => [{ x: 0, y: 0, width: 1920, height: 1040 }];
    const off = open(memoryStore({ width: 1000, height: 700, x: 5000, y: 3000, maximized: false }), { workAreas });
    expect(off.options.x).toBeUndefined();
    expect(off.options.y).toBeUndefined();
    expect(off.options.width).toBe(1000);
    const on = open(memoryStore({ width: 1000, height: 700, x: 200, y: 100, maximized: false }), { workAreas });
    expect(on.options).toMatchObject({ x: 200, y: 100 });
  });

  it('saves the normal bounds and maximised state on close, at once', () => {
    const store = memoryStore();
    const win = open(store);
    win.bounds = { x: 12, y: 34, width: 1111, height: 777 };
    win.maximized = true;
    win.emit('close');
    expect(store.saved).toEqual([{ x: 12, y: 34, width: 1111, height: 777, maximized: true }]);
  });

  it('saves once a burst of resizes and moves settles', () => {
    vi.useFakeTimers();
    const store = memoryStore();
    const win = open(store, { saveDelayMs: 300 });
    for (let i = 0; i < 5; i++) {
      win.bounds = { x: i, y: i, width: 1000 + i, height: 700 };
      win.emit(i % 2 ? 'move' : 'resize');
      vi.advanceTimersByTime(100);
    }
    expect(store.saved).toEqual([]);
    vi.advanceTimersByTime(300);
    expect(store.saved).toEqual([{ x: 4, y: 4, width: 1004, height: 700, maximized: false }]);
  });

  it('does not save a tiny or non-number size', () => {
    const store = memoryStore();
    const win = open(store);
    win.bounds = { x: 0, y: 0, width: 0, height: 0 };
    win.emit('close');
    win.bounds = { x: 0, y: 0, width: Number.NaN, height: 700 };
    win.emit('close');
    expect(store.saved).toEqual([]);
  });

  it('does not save after the window is destroyed, and a pending save is dropped on closed', () => {
    vi.useFakeTimers();
    const store = memoryStore();
    const win = open(store, { saveDelayMs: 300 });
    win.emit('resize');
    win.emit('closed');
    vi.advanceTimersByTime(1000);
    expect(store.saved).toEqual([]);
    win.destroyed = true;
    win.emit('close');
    expect(store.saved).toEqual([]);
  });
});

describe('saneWindowState', () => {
  it('keeps a position only when both coordinates are numbers, and rounds', () => {
    expect(saneWindowState({ width: 1000.4, height: 700.6, x: 5, maximized: false })).toEqual({ width: 1000, height: 701, maximized: false });
    expect(saneWindowState({ width: 1000, height: 700, x: -50, y: 20, maximized: 'yes' })).toEqual({ width: 1000, height: 700, x: -50, y: 20, maximized: false });
    expect(saneWindowState(null)).toBeUndefined();
    expect(saneWindowState('1280x800')).toBeUndefined();
  });
});
