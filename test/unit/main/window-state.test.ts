import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWindowStateStore, parseWindowState, windowStateStoreOver } from '../../../electron/main/window-state';
import { makeDataDir, removeDataDir } from '../../support/host-process';

// electron-store is an ESM package that vitest loads natively, so its own `import electron` would
// reach the real electron package (which tries to download the runtime). Stand in for it with the
// library it extends, `conf`, configured the way electron-store configures it: same file, same logic.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ElectronStoreOverConf extends Conf<Record<string, unknown>> {
    constructor({ name = 'config', ...options }: Record<string, unknown> & { name?: string } = {}) {
      super({ ...options, configName: name } as never);
    }
  }
  return { default: ElectronStoreOverConf };
});

let dir: string | undefined;
afterEach(() => {
  if (dir) removeDataDir(dir);
  dir = undefined;
});

const DEFAULTS = { width: 1280, height: 800, maximized: false };

describe('parseWindowState', () => {
  it('keeps a valid state and replaces anything else by the defaults', () => {
    expect(parseWindowState({ width: 1400, height: 900, x: -1200, y: 10, maximized: true })).toEqual({ width: 1400, height: 900, x: -1200, y: 10, maximized: true });
    expect(parseWindowState(undefined)).toEqual(DEFAULTS);
    expect(parseWindowState({ width: 1400, height: 900 })).toEqual(DEFAULTS);
    expect(parseWindowState({ width: '1400', height: 900, maximized: false })).toEqual(DEFAULTS);
    expect(parseWindowState({ width: 300, height: 200, maximized: false })).toEqual(DEFAULTS);
    expect(parseWindowState({ width: 1400.5, height: 900, maximized: false })).toEqual(DEFAULTS);
  });
});

describe('windowStateStoreOver', () => {
  it('does not write a state that fails the schema', () => {
    const set = vi.fn();
    windowStateStoreOver({ get: () => undefined, set }).save({ width: 5, height: 5, maximized: false });
    expect(set).not.toHaveBeenCalled();
  });
});

describe('createWindowStateStore (electron-store file)', () => {
  it('answers the defaults (1280x800) when nothing was saved', () => {
    dir = makeDataDir();
    expect(createWindowStateStore({ cwd: dir }).load()).toEqual(DEFAULTS);
  });

  it('saves to config.json and restores in a later run', () => {
    dir = makeDataDir();
    createWindowStateStore({ cwd: dir }).save({ width: 1500, height: 950, x: 20, y: 40, maximized: true });
    const file = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(file.window).toEqual({ width: 1500, height: 950, x: 20, y: 40, maximized: true });
    expect(createWindowStateStore({ cwd: dir }).load()).toEqual({ width: 1500, height: 950, x: 20, y: 40, maximized: true });
  });

  it.each([
    ['wrong types', { width: 'wide', height: 800, maximized: false }],
    ['a tiny size', { width: 12, height: 8, maximized: false }],
    ['a missing field', { width: 1400, height: 900 }],
    ['not an object', 'maximised please'],
  ])('falls back to the defaults when the stored state has %s', (_what, stored) => {
    dir = makeDataDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ window: stored }));
    expect(createWindowStateStore({ cwd: dir }).load()).toEqual(DEFAULTS);
  });

  it('resets a file that is not JSON and keeps working with it', () => {
    dir = makeDataDir();
    writeFileSync(join(dir, 'config.json'), '{"window": {"width": 14');
    const store = createWindowStateStore({ cwd: dir });
    expect(store.load()).toEqual(DEFAULTS);
    store.save({ width: 1300, height: 820, maximized: false });
    expect(createWindowStateStore({ cwd: dir }).load()).toEqual({ width: 1300, height: 820, maximized: false });
  });

  it('still works, in memory, when the file cannot be opened', () => {
    dir = makeDataDir();
    const notAFolder = join(dir, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = createWindowStateStore({ cwd: join(notAFolder, 'sub') });
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    expect(store.load()).toEqual(DEFAULTS);
    store.save({ width: 1300, height: 820, maximized: false });
    expect(store.load()).toEqual({ width: 1300, height: 820, maximized: false });
    expect(existsSync(join(notAFolder, 'sub'))).toBe(false);
  });
});
