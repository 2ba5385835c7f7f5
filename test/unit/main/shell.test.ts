/**
 * The Electron shell (electron/main/index.ts) with a fake `electron` module and a real engine on a
 * temporary data folder: start-up wiring, quitting, single instance and start-up failure.
 */
import { X509Certificate } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, ipcCallChannel, ipcEventChannel, type CallName, type CallResult } from '../../../shared/contract';
import type { AppInfo } from '../../../shared/domain/app-info';
import { startTestEngine } from '../../support/engine';
import { makeDataDir, removeDataDir } from '../../support/host-process';
import { smallDiskForTest } from '../../support/small-disk';
import { DATABASE_FILE } from '../../../electron/engine/data-dir';
import { CONSOLE_MODE_FILE } from '../../../electron/main/console-mode';
import { VERIFY } from '../../../electron/main/server-certificate';

type InvokeHandler = (event: unknown, input: unknown) => Promise<CallResult<unknown>>;

class FakeWindow extends EventEmitter {
  static all: FakeWindow[] = [];
  static getAllWindows = () => FakeWindow.all;
  readonly webContents = Object.assign(new EventEmitter(), { isDestroyed: () => false, send: vi.fn() });
  readonly loadFile = vi.fn(async (_path: string) => {});
  /** How many of the next loadURL calls fail, as a server that does not answer. */
  static loadFailures = 0;
  readonly loadURL = vi.fn(async (_url: string) => {
    if (FakeWindow.loadFailures-- > 0) throw new Error('ERR_CONNECTION_REFUSED (-102)');
  });
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly show = vi.fn();
  minimized = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeWindow.all.push(this);
  }
  maximize() {}
  isMaximized = () => false;
  isMinimized = () => this.minimized;
  isDestroyed = () => false;
  getNormalBounds = () => ({ x: 0, y: 0, width: this.options.width!, height: this.options.height! });
}

function fakeElectron(options: { lock?: boolean; backend?: string } = {}) {
  const bound = new Map<string, InvokeHandler>();
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    setPath: vi.fn(),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => options.lock ?? true),
    whenReady: vi.fn(() => Promise.resolve()),
    getVersion: () => '9.9.9',
    quit: vi.fn(),
    exit: vi.fn(),
  });
  return {
    bound,
    app,
    BrowserWindow: FakeWindow,
    dialog: {
      showErrorBox: vi.fn(),
      showMessageBoxSync: vi.fn((_window: unknown, _options: { buttons: string[] }) => 0),
      showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
    },
    Menu: { buildFromTemplate: vi.fn((template: unknown[]) => ({ template })), setApplicationMenu: vi.fn() },
    ipcMain: {
      handle: vi.fn((channel: string, handler: InvokeHandler) => void bound.set(channel, handler)),
      removeHandler: vi.fn((channel: string) => void bound.delete(channel)),
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
      encryptStringAsync: async (plain: string) => Buffer.from(plain, 'utf8').reverse(),
      decryptStringAsync: async (encrypted: Buffer) => ({ result: Buffer.from(encrypted).reverse().toString('utf8'), shouldReEncrypt: false }),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setCertificateVerifyProc: vi.fn() } },
    shell: { openExternal: vi.fn() },
    nativeImage: { createFromPath: vi.fn((path: string) => ({ path })) },
    Tray: FakeTray,
    Notification: FakeNotification,
    // Shutdown elsewhere than Windows (session-end.ts); these tests send none.
    powerMonitor: new EventEmitter(),
  };
}

/** Electron's Tray and Notification as far as the shell uses them. */
class FakeTray extends EventEmitter {
  static all: FakeTray[] = [];
  tooltip = '';
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    FakeTray.all.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  destroy() {
    this.destroyed = true;
  }
}
class FakeNotification extends EventEmitter {
  static shown: { title: string; body: string }[] = [];
  static isSupported = () => true;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    FakeNotification.shown.push(this.options);
  }
}

const fake = vi.hoisted(() => ({ electron: undefined as unknown as ReturnType<typeof fakeElectron> }));
vi.mock('electron', () => {
  // Getters, so each test's fresh fake is what the freshly imported shell sees.
  const module: Record<string, unknown> = {};
  for (const key of ['app', 'BrowserWindow', 'dialog', 'ipcMain', 'Menu', 'safeStorage', 'screen', 'session', 'shell', 'nativeImage', 'Tray', 'Notification', 'powerMonitor']) {
    Object.defineProperty(module, key, { enumerable: true, get: () => (fake.electron as unknown as Record<string, unknown>)[key] });
  }
  return module;
});
// See window-state.test.ts: electron-store stands in as the library it extends.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ElectronStoreOverConf extends Conf<Record<string, unknown>> {
    constructor({ name = 'config', ...options }: Record<string, unknown> & { name?: string } = {}) {
      super({ ...options, configName: name } as never);
    }
  }
  return { default: ElectronStoreOverConf };
});
// electron-updater stands in as an updater that finds one update on the first check.
const updater = vi.hoisted(() => ({ current: undefined as unknown as import('node:events').EventEmitter & { setFeedURL: unknown } }));
vi.mock('electron-updater', () => ({
  default: {
    get autoUpdater() {
      return updater.current;
    },
  },
}));

let dataDir: string;
const savedEnv = { ...process.env };

async function startShell(options: Parameters<typeof fakeElectron>[0] = {}) {
  fake.electron = fakeElectron(options);
  vi.resetModules();
  await import('../../../electron/main/index');
  return fake.electron;
}

const ownFrame = () => ({ senderFrame: { url: pathToFileURL(FakeWindow.all[0]!.loadFile.mock.calls[0]![0]).href } });

function quit(electron: ReturnType<typeof fakeElectron>) {
  const event = { preventDefault: vi.fn() };
  electron.app.emit('before-quit', event);
  return event;
}

beforeEach(() => {
  dataDir = makeDataDir();
  process.env.CASEBRIDGE_DATA_DIR = dataDir;
  // Never the machine's own policy (/etc/casebridge): an empty one of the test's own.
  process.env.CASEBRIDGE_POLICY_FILE = join(dataDir, 'policy.json');
  writeFileSync(process.env.CASEBRIDGE_POLICY_FILE, '{"version": 1}');
  delete process.env.CASEBRIDGE_SQLITE_BINDING;
  delete process.env.ELECTRON_RENDERER_URL;
  delete process.env.CASEBRIDGE_DEV;
  FakeWindow.all = [];
  FakeWindow.loadFailures = 0;
  FakeTray.all = [];
  FakeNotification.shown = [];
});

afterEach(async () => {
  // Close the engine if a test left it running, so the data folder can go.
  if (fake.electron && fake.electron.app.exit.mock.calls.length === 0) {
    quit(fake.electron);
    await vi.waitFor(() => expect(fake.electron.app.exit).toHaveBeenCalled());
  }
  process.env = { ...savedEnv };
  removeDataDir(dataDir);
});

describe('the Electron shell', () => {
  it('starts the engine, binds every call, hardens the session and opens the hardened window', async () => {
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));

    expect(electron.app.setPath).toHaveBeenCalledWith('userData', dataDir);
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true); // the engine's store, which server mode never opens
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect([...electron.bound.keys()].sort()).toEqual(CALL_NAMES.map(ipcCallChannel).sort());

    const win = FakeWindow.all[0]!;
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.options.webPreferences!.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(win.loadFile.mock.calls[0]![0]).toMatch(/[/\\]renderer[/\\]index\.html$/);

    const info = (await electron.bound.get(ipcCallChannel('getAppInfo'))!(ownFrame(), undefined)) as CallResult<AppInfo>;
    expect(info).toMatchObject({ ok: true, value: { host: 'desktop', version: '9.9.9', dataDir } });
    const foreign = await electron.bound.get(ipcCallChannel('getAppInfo'))!({ senderFrame: { url: 'https://evil.example/' } }, undefined);
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('ignores the dev-server variable in a packaged app', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://evil.example:5173';
    await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    expect(FakeWindow.all[0]!.loadURL).not.toHaveBeenCalled();
    expect(FakeWindow.all[0]!.loadFile).toHaveBeenCalled();
  });

  it('ignores the dev-server variable when unpackaged without the development flag', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    fake.electron = fakeElectron();
    fake.electron.app.isPackaged = false;
    vi.resetModules();
    await import('../../../electron/main/index');
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    expect(FakeWindow.all[0]!.loadURL).not.toHaveBeenCalled();
    expect(FakeWindow.all[0]!.loadFile).toHaveBeenCalled();
  });

  it('installs a downloaded update only once the engine is closed, and starts again', async () => {
    process.env.CASEBRIDGE_UPDATE_URL = 'https://intranet.council.example/casebridge/';
    const events: string[] = [];
    updater.current = Object.assign(new EventEmitter(), {
      setFeedURL: vi.fn(),
      checkForUpdates: vi.fn(async () => void updater.current.emit('update-downloaded', { version: '0.2.0' })),
      quitAndInstall: vi.fn((silent: boolean, runAfter: boolean) => void events.push(`install silent=${silent} runAfter=${runAfter} (database open: ${databaseOpen()})`)),
    });
    // The store's write-ahead log is there while the engine has it open, and gone once it closed cleanly.
    const databaseOpen = () => existsSync(join(dataDir, `${DATABASE_FILE}-wal`));
    const electron = await startShell();
    electron.app.quit.mockImplementation(() => void events.push('quit'));
    electron.app.exit.mockImplementation(() => void events.push('exit'));
    // No attempt runs in a fresh engine: the update asks the app to quit the usual way.
    await vi.waitFor(() => expect(events).toEqual(['quit']));
    expect(updater.current.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://intranet.council.example/casebridge/' });

    quit(electron); // what app.quit() does first
    expect(databaseOpen()).toBe(true);
    await vi.waitFor(() => expect(events).toEqual(['quit', 'install silent=true runAfter=true (database open: false)', 'exit']));
  });

  it('ignores a SQLite module named by the environment in a packaged app', async () => {
    // Loading it would run whatever native code the variable points at, inside the signed app.
    process.env.CASEBRIDGE_SQLITE_BINDING = join(dataDir, 'not-the-sqlite-module.node');
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);
  });

  it('loads the dev server when unpackaged with the development flag, and accepts calls from its origin only', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    process.env.CASEBRIDGE_DEV = '1';
    fake.electron = fakeElectron();
    fake.electron.app.isPackaged = false;
    vi.resetModules();
    await import('../../../electron/main/index');
    const electron = fake.electron;
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    expect(FakeWindow.all[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    const call = electron.bound.get(ipcCallChannel('getPreferences'))!;
    expect(await call({ senderFrame: { url: 'http://localhost:5173/' } }, undefined)).toMatchObject({ ok: true });
    expect(await call({ senderFrame: { url: 'http://localhost:5174/' } }, undefined)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('asks before a console with unsaved changes unloads: Stay keeps it, Leave lets it go', async () => {
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    const win = FakeWindow.all[0]!;
    const unloadRefused = () => {
      const event = { preventDefault: vi.fn() };
      win.webContents.emit('will-prevent-unload', event);
      return event.preventDefault;
    };
    electron.dialog.showMessageBoxSync.mockReturnValueOnce(0);
    expect(unloadRefused()).not.toHaveBeenCalled(); // Stay: the page's refusal stands
    expect(electron.dialog.showMessageBoxSync).toHaveBeenLastCalledWith(win, expect.objectContaining({ buttons: ['Stay', 'Leave and lose the changes'], cancelId: 0 }));
    electron.dialog.showMessageBoxSync.mockReturnValueOnce(1);
    expect(unloadRefused()).toHaveBeenCalledTimes(1); // Leave: Electron goes ahead with the unload
  });

  it('forwards engine events to the window', async () => {
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    await electron.bound.get(ipcCallChannel('setPreferences'))!(ownFrame(), { theme: 'dark' });
    expect(FakeWindow.all[0]!.webContents.send).toHaveBeenCalledWith(ipcEventChannel('preferencesChanged'), {
      theme: 'dark',
      lastPage: 'connections',
      notifyDeadJobs: true,
      logFilter: '',
      jobsFilter: '',
    });
  });

  it('shows a tray icon that counts dead jobs, and removes it on quit', async () => {
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeTray.all).toHaveLength(1));
    expect(electron.nativeImage.createFromPath).toHaveBeenCalledWith(expect.stringMatching(/resources[\\/]tray-icon\.png$/));
    await vi.waitFor(() => expect(FakeTray.all[0]!.tooltip).toBe('casebridge: this workstation’s engine\ncasebridge: no dead jobs'));
    quit(electron);
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(0));
    expect(FakeTray.all[0]!.destroyed).toBe(true);
  });

  it('holds the quit until the engine is closed, once, then exits', async () => {
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    // Two quits in a row (e.g. Cmd+Q twice): both held, the engine closed once.
    const first = quit(electron);
    const second = quit(electron);
    expect(first.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(0));
    expect(electron.app.exit).toHaveBeenCalledTimes(1);
    expect(second.preventDefault).toHaveBeenCalled();
    expect(electron.bound.size).toBe(0);
    // Once the engine is closed, a further quit is not held.
    const third = quit(electron);
    expect(third.preventDefault).not.toHaveBeenCalled();
  });

  it('restores a backup from the console: the window calls the new engine, on the backup, and a quit meanwhile waits for it', async () => {
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    const call = (name: Parameters<typeof ipcCallChannel>[0], input?: unknown) => electron.bound.get(ipcCallChannel(name))!(ownFrame(), input) as Promise<CallResult<any>>;
    await call('setPreferences', { theme: 'dark' });
    const taken = await call('runBackup', {});
    expect(taken.ok).toBe(true);
    await call('setPreferences', { theme: 'light' });

    expect(await call('restoreBackup', { name: taken.ok ? taken.value.name : '' })).toMatchObject({ ok: true, value: { secrets: 'none in backup' } });
    // Quit at once: held until the restore is done and the new engine closed.
    const quitting = quit(electron);
    expect(quitting.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(0), { timeout: 15_000 });
    expect(electron.bound.size).toBe(0);
    expect(readdirSync(dataDir).filter((n) => /^casebridge\.sqlite\.before-restore-\d{8}T\d{9}Z$/.test(n))).toHaveLength(1);
    const { engine } = startTestEngine({ dataDir });
    try {
      expect((await engine.handlers.getPreferences({})).theme).toBe('dark');
      expect(engine.log.recent(100).map((e) => e.message)).toContainEqual(expect.stringMatching(/restored from the console by /));
    } finally {
      await engine.close();
    }
  });

  it('restores a backup from the console and binds the new engine to the window', async () => {
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    const call = (name: Parameters<typeof ipcCallChannel>[0], input?: unknown) => electron.bound.get(ipcCallChannel(name))!(ownFrame(), input) as Promise<CallResult<any>>;
    const before = await call('getAppInfo');
    await call('setPreferences', { theme: 'dark' });
    const taken = await call('runBackup', {});
    await call('setPreferences', { theme: 'light' });
    expect((await call('restoreBackup', { name: taken.ok ? taken.value.name : '' })).ok).toBe(true);
    await vi.waitFor(
      async () => {
        const info = await electron.bound.get(ipcCallChannel('getAppInfo'))?.(ownFrame(), undefined);
        expect(info).toMatchObject({ ok: true });
        expect((info as CallResult<AppInfo>).ok && (info as { value: AppInfo }).value.startedAt).not.toBe(before.ok && before.value.startedAt);
      },
      { timeout: 15_000 },
    );
    expect([...electron.bound.keys()].sort()).toEqual(CALL_NAMES.map(ipcCallChannel).sort());
    expect(await call('getPreferences')).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });

  it('focuses the existing window when a second instance starts', async () => {
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    const win = FakeWindow.all[0]!;
    win.minimized = true;
    electron.app.emit('second-instance', {}, ['casebridge', '--demo'], '/');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(FakeWindow.all).toHaveLength(1);
  });

  it('leaves at once when another instance holds the lock', async () => {
    const electron = await startShell({ lock: false });
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
    electron.app.exit(0); // nothing to close in afterEach
  });

  it('says in a dialog, in words, why it refuses a data folder another engine holds, and exits non-zero', async () => {
    const holder = startTestEngine({ dataDir });
    try {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
      const electron = await startShell();
      await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
      const refusal = `The data folder ${dataDir} is in use by another casebridge (process ${process.pid}`;
      expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('casebridge could not start', expect.stringContaining(refusal));
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^casebridge could not start: The data folder .* is in use by another casebridge/));
      expect(FakeWindow.all).toHaveLength(0);
      logged.mockRestore();
    } finally {
      await holder.engine.close();
    }
  });

  it('shows the engine health in the tray: a disk nearly full is in its tooltip and notified', async (context) => {
    const disk = smallDiskForTest(context, 16);
    disk.fill(600 * 1024);
    process.env.CASEBRIDGE_DATA_DIR = disk.dir;
    const electron = await startShell();
    await vi.waitFor(() =>
      expect(FakeTray.all[0]?.tooltip).toBe('casebridge: this workstation’s engine\ncasebridge: no dead jobs\ncasebridge: The disk is nearly full. Open the console.'),
    );
    expect(FakeTray.all).toHaveLength(1);
    expect(FakeNotification.shown).toContainEqual({ title: 'The disk is nearly full', body: expect.stringContaining(`on the disk holding the data folder ${disk.dir}`) });
    quit(electron);
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(0));
    expect(FakeTray.all[0]!.destroyed).toBe(true);
  });

  it("binds the machine policy: a locked field is refused over IPC, and About's call says what is locked", async () => {
    writeFileSync(process.env.CASEBRIDGE_POLICY_FILE!, JSON.stringify({ version: 1, locked: { logRetention: { keepDays: 30 } } }));
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    const call = (name: CallName, input?: unknown) => electron.bound.get(ipcCallChannel(name))!(ownFrame(), input) as Promise<CallResult<unknown>>;
    expect(await call('getPolicy')).toMatchObject({ ok: true, value: { state: 'applied', locked: ['logRetention.keepDays'] } });
    expect(await call('saveLogSettings', { keepDays: 90, keepEntries: 2_000_000 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/^How long log entries are kept is set by your organisation's policy/) as string },
    });
  });

  it("looks for updates at the machine policy's update address, over the environment's", async () => {
    writeFileSync(process.env.CASEBRIDGE_POLICY_FILE!, JSON.stringify({ version: 1, locked: { updateUrl: 'https://files.council.example/casebridge/' } }));
    process.env.CASEBRIDGE_UPDATE_URL = 'https://somewhere-else.example/';
    const fakeUpdater = Object.assign(new EventEmitter(), { setFeedURL: vi.fn(), checkForUpdates: vi.fn(async () => undefined), quitAndInstall: vi.fn() });
    updater.current = fakeUpdater;
    const electron = await startShell();
    await vi.waitFor(() => expect(fakeUpdater.checkForUpdates).toHaveBeenCalled());
    expect(fakeUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://files.council.example/casebridge/' });
    quit(electron);
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(0));
  });

  it('refuses --demo in a dialog when the machine policy turns demo mode off, and exits non-zero', async () => {
    writeFileSync(process.env.CASEBRIDGE_POLICY_FILE!, JSON.stringify({ version: 1, locked: { demoAllowed: false } }));
    process.env.CASEBRIDGE_DEMO_TASCOMI_PRIVATE_KEY = 'demo-private';
    const argv = process.argv;
    process.argv = ['electron', '.', '--demo-tascomi-url', 'http://127.0.0.1:9/rest', '--demo-tascomi-public-key', 'demo', '--data-dir', join(dataDir, 'demo')];
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const electron = await startShell();
      await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
      expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(
        'casebridge could not start',
        expect.stringMatching(/^Demo mode is turned off by your organisation's policy \(.*policy\.json\)\. Start casebridge without --demo\.$/),
      );
      expect(FakeWindow.all).toHaveLength(0);
      expect(existsSync(join(dataDir, 'demo', DATABASE_FILE))).toBe(false);
    } finally {
      process.argv = argv;
      logged.mockRestore();
    }
  });

  it('shows the reason and exits when start-up fails (no keyring on Linux)', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const electron = await startShell({ backend: 'basic_text' });
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('casebridge could not start', expect.stringContaining('basic_text'));
    expect(FakeWindow.all).toHaveLength(0);
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});

describe('the Electron shell as a casebridge server’s console', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  /** A server with a self-signed certificate on 127.0.0.1, and the mode file that trusts it. */
  async function trustedServer() {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec', algorithm: 'sha256' });
    server = createServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end('<title>casebridge</title>'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const fingerprint = new X509Certificate(pems.cert).fingerprint256;
    writeFileSync(join(dataDir, CONSOLE_MODE_FILE), JSON.stringify({ mode: 'server', url, fingerprint, trustedAt: '2026-12-01T09:00:00.000Z' }));
    return { url, pems };
  }

  it('starts no engine, binds no calls, and shows the server’s console with no bridge, pinned to its certificate', async () => {
    const { url, pems } = await trustedServer();
    const electron = await startShell();
    await vi.waitFor(() => expect(FakeWindow.all).toHaveLength(1));
    const win = FakeWindow.all[0]!;

    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(false); // no engine: no store opened, no folder lock
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
    expect(electron.dialog.showMessageBox).not.toHaveBeenCalled(); // the trusted certificate: no question
    expect(win.loadURL).toHaveBeenCalledWith(url);
    expect(win.loadFile).not.toHaveBeenCalled();
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    expect(win.options.title).toBe(`casebridge — server ${new URL(url).host}`);
    await vi.waitFor(() => expect(FakeTray.all[0]?.tooltip).toBe(`casebridge: server ${new URL(url).host}`));

    const [verify] = electron.session.defaultSession.setCertificateVerifyProc.mock.calls[0] as [(r: unknown, cb: (v: number) => void) => void];
    const verdicts: number[] = [];
    verify({ hostname: '127.0.0.1', certificate: { data: pems.cert } }, (v) => verdicts.push(v));
    const other = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec', algorithm: 'sha256' });
    verify({ hostname: '127.0.0.1', certificate: { data: other.cert } }, (v) => verdicts.push(v));
    expect(verdicts).toEqual([VERIFY.accept, VERIFY.reject]);

    // Navigation stays on the server's origin.
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    electron.app.emit('web-contents-created', {}, contents);
    const navigate = (target: string) => {
      const event = { url: target, preventDefault: vi.fn() };
      contents.emit('will-navigate', event);
      return event.preventDefault.mock.calls.length === 0;
    };
    expect(navigate(`${url}#/jobs`)).toBe(true);
    expect(navigate('https://evil.example/')).toBe(false);
    expect(navigate(url.replace(/:\d+\/$/, ':1/'))).toBe(false);

    const menu = electron.Menu.buildFromTemplate.mock.calls[0]![0] as { submenu?: { label?: string; enabled?: boolean }[] }[];
    expect(menu[0]!.submenu!.map((item) => item.label).filter(Boolean)).toEqual([
      `Showing server ${new URL(url).host}`,
      'Connect to a casebridge server…',
      'Use this workstation’s engine',
    ]);
    electron.app.exit(0); // nothing to close in afterEach
  });

  it('does not connect when the server presents another certificate, and quits when asked to', async () => {
    await trustedServer();
    // The server's certificate was replaced since it was trusted.
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec', algorithm: 'sha256' });
    server!.setSecureContext({ key: pems.private, cert: pems.cert });
    const electron = await startShell();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    const titles = electron.dialog.showMessageBox.mock.calls.map((call) => (call[0] as { title: string }).title);
    expect(titles).toEqual(['The server’s certificate has changed', 'Not connected to the casebridge server']);
    expect(FakeWindow.all).toHaveLength(0);
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(false);
    electron.app.exit(0);
  });

  it('asks what to do when the server’s console does not load: Try again loads it again, Quit quits', async () => {
    const { url } = await trustedServer();
    fake.electron = fakeElectron();
    const electron = fake.electron;
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false }).mockResolvedValueOnce({ response: 2, checkboxChecked: false });
    FakeWindow.loadFailures = 2;
    vi.resetModules();
    await import('../../../electron/main/index');
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    const win = FakeWindow.all[0]!;
    expect(win.loadURL.mock.calls).toEqual([[url], [url]]);
    const asked = electron.dialog.showMessageBox.mock.calls.map((call) => call[1] as { title: string; detail: string });
    expect(asked.map((a) => a.title)).toEqual(['The server’s console did not open', 'The server’s console did not open']);
    expect(asked[0]!.detail).toContain('ERR_CONNECTION_REFUSED');
    electron.app.exit(0);
  });
});
