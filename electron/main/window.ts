/**
 * The console's one window: locked-down web preferences (design section 7), hidden until the first
 * paint, and reopened where the user left it. The BrowserWindow class is passed in so tests can
 * check the options without the Electron runtime; this module has no runtime import of electron.
 */
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

/** Where the window's size and place are kept between runs (window-state.ts keeps them on disk). */
export interface WindowStateStore {
  load(): WindowState;
  save(state: WindowState): void;
}

export const DEFAULT_WINDOW_STATE: Readonly<WindowState> = { width: 1280, height: 800, maximized: false };
/** Smaller than this is a saved glitch (some window managers report 0x0 while minimised), not a choice. */
export const MIN_WINDOW_WIDTH = 640;
export const MIN_WINDOW_HEIGHT = 480;
/** Larger than any real screen: protects against absurd values in a hand-edited file. */
const MAX_WINDOW_EDGE = 32_768;

const isCoordinate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_WINDOW_EDGE;
const isEdge = (value: unknown, min: number): value is number => isCoordinate(value) && value >= min;

/**
 * A usable state from whatever was saved or measured, or undefined when the size is not usable.
 * A position is kept only when both coordinates are numbers.
 */
export function saneWindowState(candidate: unknown): WindowState | undefined {
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const c = candidate as Record<string, unknown>;
  if (!isEdge(c.width, MIN_WINDOW_WIDTH) || !isEdge(c.height, MIN_WINDOW_HEIGHT)) return undefined;
  const state: WindowState = { width: Math.round(c.width), height: Math.round(c.height), maximized: c.maximized === true };
  if (isCoordinate(c.x) && isCoordinate(c.y)) {
    state.x = Math.round(c.x);
    state.y = Math.round(c.y);
  }
  return state;
}

/** True when enough of the window (its title bar at least) would land on one of the work areas. */
export function isOnSomeScreen(bounds: Rectangle, workAreas: Rectangle[]): boolean {
  return workAreas.some((area) => {
    const overlapX = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const overlapY = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
    return overlapX >= 100 && overlapY >= 50;
  });
}

/** What this module uses of a BrowserWindow. */
export interface MainWindowLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each BrowserWindow event has its own arguments
  on(event: string, listener: (...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same
  once(event: string, listener: (...args: any[]) => void): unknown;
  show(): void;
  maximize(): void;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rectangle;
  loadURL(url: string): Promise<void>;
  loadFile(path: string): Promise<void>;
}

export interface MainWindowOptions<W extends MainWindowLike> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  /** The contract's bridge; none for a server's console, which talks to its server over WebSocket. */
  preloadPath?: string;
  /** The dev server's URL (development only) or a casebridge server's console; otherwise `rendererFile` is loaded. */
  rendererUrl?: string;
  /** Kept whatever the page calls itself, so the mode (this workstation, or which server) stays visible. */
  title?: string;
  /** The built renderer's index.html. */
  rendererFile?: string;
  windowState: WindowStateStore;
  /** Work areas of the attached screens; a saved position off all of them is dropped. */
  workAreas?: () => Rectangle[];
  /** Resizes and moves come in bursts: save once they settle. */
  saveDelayMs?: number;
  onError?: (what: string, error: unknown) => void;
  /** The console did not load (a server that does not answer); `retry` loads it again. */
  onLoadFailed?: (error: unknown, retry: () => void) => void;
}

/** The web preferences of every console window: nothing of Node reaches the page. */
export function secureWebPreferences(preload?: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
    spellcheck: false,
    ...(preload ? { preload } : {}),
  };
}

export function createMainWindow<W extends MainWindowLike>(options: MainWindowOptions<W>): W {
  const { windowState, saveDelayMs = 400, onError = (what, error) => console.error(`casebridge: ${what}:`, error) } = options;
  if (!options.rendererUrl && !options.rendererFile) throw new Error('createMainWindow needs rendererUrl or rendererFile.');

  let restored: WindowState = { ...DEFAULT_WINDOW_STATE };
  try {
    restored = saneWindowState(windowState.load()) ?? restored;
  } catch (error) {
    onError('could not read the saved window state', error);
  }
  const { x, y, width, height } = restored;
  const placed = x !== undefined && y !== undefined && (!options.workAreas || isOnSomeScreen({ x, y, width, height }, options.workAreas()));

  const win = new options.BrowserWindow({
    title: options.title ?? 'casebridge',
    width,
    height,
    ...(placed ? { x, y } : {}),
    minWidth: MIN_WINDOW_WIDTH,
    minHeight: MIN_WINDOW_HEIGHT,
    // Hidden until the first paint, so the user never sees an empty white frame.
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  });

  if (options.title) win.on('page-title-updated', (event: { preventDefault(): void }) => event.preventDefault());

  win.once('ready-to-show', () => {
    if (restored.maximized) win.maximize();
    win.show();
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const saveNow = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (win.isDestroyed()) return;
    try {
      // Normal bounds are the un-maximised ones, so "restore" goes back to the right size next run.
      const state = saneWindowState({ ...win.getNormalBounds(), maximized: win.isMaximized() });
      if (state) windowState.save(state);
    } catch (error) {
      onError('could not save the window state', error);
    }
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(saveNow, saveDelayMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize']) win.on(event, saveSoon);
  win.on('close', saveNow);
  win.on('closed', () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  });

  const load = () =>
    (options.rendererUrl ? win.loadURL(options.rendererUrl) : win.loadFile(options.rendererFile!)).catch((error: unknown) => {
      onError('could not load the console', error);
      // Show the (blank) window anyway: a hidden window with no way to quit is worse.
      if (win.isDestroyed()) return;
      win.show();
      options.onLoadFailed?.(error, () => void (win.isDestroyed() || load()));
    });
  void load();
  return win;
}
