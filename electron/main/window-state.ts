/**
 * Keeps the window's size and place between runs in a small JSON file (electron-store), apart from
 * the engine's database: it is the shell's business, and a broken file must never stop start-up.
 */
import Store from 'electron-store';
import { z } from 'zod';
import { DEFAULT_WINDOW_STATE, MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH, saneWindowState, type WindowState, type WindowStateStore } from './window';

const KEY = 'window';

export const WindowStateSchema = z.object({
  width: z.number().int().min(MIN_WINDOW_WIDTH),
  height: z.number().int().min(MIN_WINDOW_HEIGHT),
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  maximized: z.boolean(),
});

/** What was stored, if it has the expected shape (and sane values); the defaults otherwise. */
export function parseWindowState(stored: unknown): WindowState {
  const parsed = WindowStateSchema.safeParse(stored);
  return (parsed.success && saneWindowState(parsed.data)) || { ...DEFAULT_WINDOW_STATE };
}

/** The part of electron-store used here; tests may pass any such object. */
export interface KeyValueFile {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** A WindowStateStore over any key-value file. */
export function windowStateStoreOver(file: KeyValueFile): WindowStateStore {
  return {
    load: () => parseWindowState(file.get(KEY)),
    save(state) {
      const parsed = WindowStateSchema.safeParse(state);
      if (parsed.success) file.set(KEY, parsed.data);
    },
  };
}

/** Only ever in memory: used when the file cannot be opened, so the app still starts. */
function memoryFile(): KeyValueFile {
  const values = new Map<string, unknown>();
  return { get: (key) => values.get(key), set: (key, value) => void values.set(key, value) };
}

/**
 * `config.json` in `cwd` (Electron's userData folder when not given), as the README documents, under
 * the key `window`. A file that is not JSON is reset rather than refused; a file that cannot be
 * opened at all is replaced by memory.
 */
export function createWindowStateStore(options: { cwd?: string; name?: string } = {}): WindowStateStore {
  let file: KeyValueFile;
  try {
    file = new Store<Record<string, unknown>>({
      name: options.name ?? 'config',
      ...(options.cwd ? { cwd: options.cwd } : {}),
      clearInvalidConfig: true,
    });
  } catch (error) {
    console.warn('casebridge: the window state file could not be opened; the window size will not be remembered.', error);
    file = memoryFile();
  }
  return windowStateStoreOver(file);
}
