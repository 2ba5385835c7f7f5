/**
 * The Electron shell, kept thin: lifecycle, hardening, secrets protection, IPC binding and the
 * window. All the work is done by the engine, which is the same one the headless host runs, or, in
 * server mode (console-mode.ts), by a casebridge server whose console the window shows instead.
 * Of the command line it reads only the demo options `npm start -- --demo` passes (and their
 * --data-dir) and `--server <url>`; everything else is Chromium's or ignored.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, powerMonitor, safeStorage, screen, session, shell, Tray, type MessageBoxOptions } from 'electron';
import { systemClock } from '../engine/clock';
import { defaultDataDir, SECRETS_FILE } from '../engine/data-dir';
import { startDemo, type Demo } from '../demo/demo';
import { parseDemoArgv } from '../demo/options';
import { createEngine, type Engine } from '../engine/engine';
import { createEngineRestart, type EngineRestart, type RestoreRequest } from '../engine/engine-restart';
import { readHostPolicy } from '../engine/policy/host-policy';
import { StartupRefusal } from '../engine/store/startup-refusal';
import { createFileSecretStore } from '../engine/secrets';
import type { NewLogEntry } from '../../shared/domain/log-entry';
import { startDeadJobAlerts } from './dead-job-alerts';
import { startHealthAlerts } from './health-alerts';
import { sharedTray } from './tray-sections';
import { bindIpc, forwardEvents } from './ipc';
import { CONSOLE_MODE_FILE, consoleModeFile, LOCAL_MODE, parseServerArgv, serverAtStart, withoutServerArgv, type ConsoleMode, type ServerMode } from './console-mode';
import { promptForServerUrl } from './connect-prompt';
import { modeMenuTemplate, modeTitle, modeTrayLine } from './mode-menu';
import { createModeSwitch } from './mode-switch';
import { pinnedCertificateVerifier, readServerCertificate } from './server-certificate';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { hardenApp, isAllowedSender, type RendererLocation } from './security';
import { leaveOnSessionEnd } from './session-end';
import { createMainWindow, type WindowStateStore } from './window';
import { developmentOverrides } from './development';
import { startUpdates, type Updates } from './updates';
import { createWindowStateStore } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(here, '../preload/index.cjs');
const rendererFile = join(here, '../renderer/index.html');
const trayIconPath = join(here, '../../resources/tray-icon.png');
// The dev server and a SQLite module from elsewhere are a developer's: an installed app takes neither.
const development = developmentOverrides(app.isPackaged, process.env);
const devServerUrl = development.devServerUrl;
const renderer: RendererLocation = devServerUrl ? { devServerUrl } : { rendererFileUrl: pathToFileURL(rendererFile).href };
// A bad demo option is reported once the app can show a dialog (in start()).
let demoArgs: ReturnType<typeof parseDemoArgv>;
let serverArg: string | undefined;
let demoArgsError: unknown;
try {
  demoArgs = parseDemoArgv(process.argv.slice(1));
  serverArg = parseServerArgv(process.argv.slice(1));
  if (demoArgs && serverArg) throw new Error('The demo runs its own engine: leave out --server, or --demo.');
} catch (error) {
  demoArgsError = error;
}
// The demo has a data folder of its own, so it never touches the person's real one.
const dataDir = demoArgs?.dataDir ?? process.env.CASEBRIDGE_DATA_DIR ?? defaultDataDir();

// Chromium's profile, the window state and the single-instance lock live with the engine's data, so
// CASEBRIDGE_DATA_DIR gives a fully separate instance (by default this is Electron's own userData).
app.setPath('userData', dataDir);
// Every renderer sandboxed, whatever a future window forgets to set.
app.enableSandbox();

let engine: Engine | undefined;
// Restore from the console: closes the engine, puts the backup in place, opens a new one (engine-restart.ts).
let restarts: EngineRestart | undefined;
// This workstation's engine, or a server's console; chosen (and its certificate checked) in start().
let mode: ConsoleMode = LOCAL_MODE;
let demo: Demo | undefined;
let windowState: WindowStateStore | undefined;
let mainWindow: BrowserWindow | undefined;
const unbinders: (() => void)[] = [];
let shuttingDown: Promise<void> | undefined;
let updates: Updates | undefined;
let exiting = false;

/** Into the integration log when the engine runs; the console is the fallback. */
function note(entry: Omit<NewLogEntry, 'source'>): void {
  try {
    if (engine) return void engine.log.write({ ...entry, source: 'desktop' });
  } catch {
    // fall through to the console
  }
  (entry.level === 'error' ? console.error : console.warn)(`casebridge: ${entry.message}`);
}

function openWindow(): void {
  if (!windowState) return;
  const win = createMainWindow({
    BrowserWindow,
    // A server's console talks to its server over WebSocket: the page gets no bridge to this app.
    ...(mode.mode === 'server' ? { rendererUrl: mode.url } : { preloadPath, ...(devServerUrl ? { rendererUrl: devServerUrl } : { rendererFile }) }),
    title: modeTitle(mode),
    ...(mode.mode === 'server' ? { onLoadFailed: offerServerChoices(mode) } : {}),
    windowState,
    workAreas: () => screen.getAllDisplays().map((display) => display.workArea),
    onError: (what, error) => note({ level: 'error', message: `${what}: ${error instanceof Error ? error.message : String(error)}` }),
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  // With unsaved changes the console refuses to unload (beforeunload); Electron asks nothing itself.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      title: 'Leave without saving?',
      message: 'Some changes in the console are not saved, and leaving now loses them.',
      buttons: ['Stay', 'Leave and lose the changes'],
      defaultId: 0,
      cancelId: 0,
    });
    if (choice === 1) event.preventDefault(); // lets the unload go ahead
  });
  mainWindow = win;
}

function focusOrOpen(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  } else if (engine || mode.mode === 'server') {
    openWindow();
  }
}

// The shell's own times (when a certificate was trusted, a bad mode file's name): the engine's clock.
const shellClock = systemClock();
const ask = (options: MessageBoxOptions) => (mainWindow && !mainWindow.isDestroyed() ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
const modeSwitch = createModeSwitch({
  file: consoleModeFile(dataDir, () => new Date(shellClock.millis())),
  readCertificate: (url) => readServerCertificate(url),
  ask,
  promptForUrl: (initial, check) =>
    promptForServerUrl({
      BrowserWindow,
      ...(mainWindow ? { parent: mainWindow } : {}),
      initial,
      check,
      onError: (what, error) => note({ level: 'error', message: `${what}: ${String(error)}` }),
    }),
  relaunch: () => {
    // Without --server, or the restart would go back to the server just left.
    app.relaunch({ args: withoutServerArgv(process.argv.slice(1)) });
    app.quit();
  },
  now: () => new Date(shellClock.millis()),
});
/** The server's console did not load: the person tries again, goes back to this workstation's engine, or quits. */
const offerServerChoices = (server: ServerMode) => (error: unknown, retry: () => void) =>
  void modeSwitch.consoleDidNotLoad(server, error instanceof Error ? error.message : String(error)).then((choice) => {
    if (choice === 'retry') retry();
    else if (choice === 'quit') app.quit();
  }, showError('Could not ask what to do'));
const showError = (what: string) => (error: unknown) => note({ level: 'error', message: `${what}: ${error instanceof Error ? error.message : String(error)}` });

async function start(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- what parseDemoArgv threw, passed on as it was
  if (demoArgsError) throw demoArgsError;
  // Read once, before any connection: its proxy goes into this process's environment.
  const policy = readHostPolicy();
  if (demoArgs && policy.demoRefusal) throw new Error(policy.demoRefusal);
  // The demo has its own data folder and engine; otherwise the saved choice (or --server) decides.
  const chosen = demoArgs
    ? LOCAL_MODE
    : await modeSwitch.chooseAtStart(serverAtStart({ policy: policy.server, serverArg, choiceSaved: existsSync(join(dataDir, CONSOLE_MODE_FILE)) }));
  if (!chosen) return void app.quit();
  mode = chosen;
  hardenApp({
    app,
    session: session.defaultSession,
    shell,
    renderer: mode.mode === 'server' ? { serverUrl: mode.url } : renderer,
    onBlocked: (what, url) => note({ level: 'warn', message: `Refused ${what}${url ? `: ${url.slice(0, 200)}` : ''}.` }),
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      modeMenuTemplate(
        mode,
        {
          connect: () => void modeSwitch.connect(mode).catch(showError('Could not connect to the server')),
          useLocal: () => modeSwitch.useLocal(mode),
        },
        mode.mode === 'server' && policy.server?.locked === true,
      ),
    ),
  );
  const tray = sharedTray(() => new Tray(nativeImage.createFromPath(trayIconPath)));
  const modeLine = tray.section();
  modeLine.setToolTip(modeTrayLine(mode));
  // With the local engine, the dead-job section already brings the window forward on a click.
  if (mode.mode === 'server') modeLine.on('click', focusOrOpen);
  unbinders.push(() => modeLine.destroy());
  // Off unless an update URL is given: the machine policy's, else the environment's.
  const update = startUpdates({
    url: policy.updateUrl ?? process.env.CASEBRIDGE_UPDATE_URL,
    isAttemptRunning: async () => (engine ? (await engine.handlers.getQueueStatus({})).some((queue) => queue.running > 0) : false),
    log: note,
    quit: () => app.quit(),
  });
  updates = update;
  unbinders.push(() => update.stop());
  if (mode.mode === 'server') {
    // Chromium accepts exactly the certificate the person trusted for this server, no other.
    if (mode.fingerprint) session.defaultSession.setCertificateVerifyProc(pinnedCertificateVerifier({ url: mode.url, fingerprint: mode.fingerprint }));
    windowState = createWindowStateStore({ cwd: dataDir });
    return openWindow();
  }
  const cipher = await createSafeStorageCipher(safeStorage);
  const clock = shellClock;
  const openEngine = (): Engine =>
    createEngine({
      clock,
      dataDir,
      secrets: createFileSecretStore(join(dataDir, SECRETS_FILE), cipher),
      host: 'desktop',
      version: app.getVersion(),
      versions: { electron: process.versions.electron, chrome: process.versions.chrome },
      sqliteNativeBinding: development.sqliteNativeBinding,
      ...(demoArgs ? { demo: { tascomiUrl: demoArgs.demo.tascomiUrl } } : {}),
      policy: policy.machine,
      // The demo drives the engine it set up with; a restore would leave it on a closed one.
      ...(demoArgs ? {} : { restoreFromConsole: (request: RestoreRequest) => restarts!.begin(request) }),
    });
  engine = openEngine();
  let unbindEngine = bindEngine(engine, tray);
  unbinders.push(() => unbindEngine());
  restarts = createEngineRestart({
    dataDir,
    now: () => clock.millis(),
    ...(development.sqliteNativeBinding ? { nativeBinding: development.sqliteNativeBinding } : {}),
    host: {
      stop: async () => {
        unbindEngine();
        const closing = engine;
        engine = undefined;
        await closing?.close();
      },
      start: () => {
        const next = openEngine();
        engine = next;
        unbindEngine = bindEngine(next, tray);
        return Promise.resolve(next);
      },
      failed: (message) => void startupFailed(new Error(message)),
    },
  });
  windowState = createWindowStateStore({ cwd: dataDir });
  openWindow();
  for (const message of development.ignored) note({ level: 'warn', message });
  if (demoArgs) demo = await startDemo({ handlers: engine.handlers, intake: engine.intake, log: engine.log, clock }, demoArgs.demo);
}

/** Serves an engine to the window (IPC, its events) and the tray (dead jobs, health); answers the unbind. */
function bindEngine(running: Engine, tray: ReturnType<typeof sharedTray>): () => void {
  const createNotification = Notification.isSupported() ? (options: { title: string; body: string }) => new Notification(options) : undefined;
  const onError = (what: string, error: unknown) => note({ level: 'warn', message: `${what}: ${error instanceof Error ? error.message : String(error)}` });
  const unbind = [
    bindIpc(ipcMain, running.handlers, running.localCaller, (frameUrl) => isAllowedSender(frameUrl, renderer), {
      onUnexpected: (name, error) =>
        note({ level: 'error', message: `The call ${name} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` }),
      onRefused: (name, frameUrl) => note({ level: 'warn', message: `Refused the call ${name} from a page that is not the console (${frameUrl?.slice(0, 200) ?? 'no frame'}).` }),
    }),
    forwardEvents(running.onAnyEvent, () => BrowserWindow.getAllWindows().map((win) => win.webContents)),
  ];
  const alerts = startDeadJobAlerts({
    createTray: tray.section,
    ...(createNotification ? { createNotification } : {}),
    onJobChanged: (listener) => running.on('jobChanged', listener),
    queueStatus: () => running.handlers.getQueueStatus({}),
    preferences: () => running.handlers.getPreferences({}),
    show: focusOrOpen,
    onError,
  });
  const healthAlerts = startHealthAlerts({
    tray: tray.section(),
    ...(createNotification ? { createNotification } : {}),
    onHealthChanged: (listener) => running.on('healthChanged', listener),
    health: () => running.handlers.getHealth({}),
    show: focusOrOpen,
    onError,
  });
  return () => {
    for (const stop of unbind) stop();
    alerts.stop();
    healthAlerts.stop();
  };
}

/** Unbinds IPC and closes the engine, once, however many times it is asked. */
function shutdown(): Promise<void> {
  shuttingDown ??= (async () => {
    demo?.stop();
    await restarts?.stop(); // a restore under way finishes first: its files are never left half moved
    for (const unbind of unbinders.splice(0)) unbind();
    const running = engine;
    if (!running) return;
    try {
      await running.close();
    } catch (error) {
      console.error('casebridge: the engine did not close cleanly:', error);
    }
    engine = undefined;
  })();
  return shuttingDown;
}

/**
 * Closes the engine, then exits; once, however many quits and session ends ask. A downloaded
 * update's installer starts only then, with the engine closed (it waits for the exit).
 */
function leaveCleanly({ installUpdate }: { installUpdate: boolean }): void {
  if (exiting) return;
  exiting = true;
  void shutdown().finally(() => {
    if (installUpdate) updates?.installOnExit();
    app.exit(0);
  });
}

async function startupFailed(error: unknown): Promise<void> {
  // A refusal (the data folder or the store) is said in words, whole; anything else with its stack.
  if (error instanceof StartupRefusal) console.error(`casebridge could not start: ${error.message}`);
  else console.error('casebridge could not start:', error);
  dialog.showErrorBox('casebridge could not start', error instanceof Error ? error.message : String(error));
  await shutdown();
  app.exit(1);
}

if (!app.requestSingleInstanceLock()) {
  // Another casebridge on this data folder is running: it gets focused (below), this one leaves.
  app.quit();
} else {
  app.on('second-instance', focusOrOpen);
  app.on('activate', focusOrOpen);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (!engine && !restarts?.underWay()) return;
    // Hold the quit until the database is checkpointed and closed, then leave for good.
    event.preventDefault();
    leaveCleanly({ installUpdate: true });
  });
  // Without a local engine (a server's console) the quit is Electron's own.
  app.on('quit', () => updates?.installOnExit());
  app
    .whenReady()
    .then(() => {
      // Windows ends a session without before-quit (session-end.ts); powerMonitor needs the app ready.
      // No installer starts while Windows logs off or shuts down: it waits for the next quit.
      leaveOnSessionEnd({ app, powerMonitor }, () => leaveCleanly({ installUpdate: false }));
      return start();
    })
    .catch(startupFailed);
}
