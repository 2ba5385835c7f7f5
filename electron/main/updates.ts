/**
 * Updates from the council's own server: electron-updater's generic provider, pointed at the folder
 * where IT staff put the new installers and their latest.yml (an intranet web server, or a file
 * share behind one).
 *
 * Decisions:
 * - Off unless a URL is given: electron-updater is not even loaded, so an unconfigured app makes no
 *   request anywhere. The URL comes from the machine policy.
 * - http and https only: electron-updater downloads over HTTP, so a bare file share (file://, \\server)
 *   cannot serve it; such a URL is refused with the reason, and updates stay off.
 * - Checks at start and every CHECK_EVERY_MS; a newer version downloads in the background.
 * - An update never interrupts an attempt: electron-updater's own install-on-quit is off (it would
 *   not ask), and a downloaded update waits, looking again every IDLE_POLL_MS, until no attempt is
 *   running; then it asks the app to quit, through its usual quit (the console's "Leave without
 *   saving?" can still say Stay; the update then tries again after RETRY_AFTER_STAY_MS).
 * - The installer is started only by installOnExit(), which the app calls once the engine is closed:
 *   never while casebridge still runs. After a quit the update asked for, casebridge starts again;
 *   after a person's own quit, the update installs and casebridge stays closed.
 */
import type { AppUpdater } from 'electron-updater';
import { systemClock, type Clock } from '../engine/clock';
import { createLoopControl } from '../engine/loop-control';
import { isLoopbackHost } from '../../shared/loopback';

export const CHECK_EVERY_MS = 4 * 60 * 60_000;
export const IDLE_POLL_MS = 60_000;
export const RETRY_AFTER_STAY_MS = 60 * 60_000;

export type Updater = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'setFeedURL' | 'checkForUpdates' | 'quitAndInstall' | 'on' | 'off'>;

export interface UpdatesOptions {
  /** Where the installers and latest.yml are; undefined: updates are off. */
  url: string | undefined;
  /** Whether an attempt is running now: an update installs only when none is. */
  isAttemptRunning: () => boolean | Promise<boolean>;
  log: (entry: { level: 'info' | 'warn' | 'error'; message: string }) => void;
  /** Quits the app the usual way (Electron's app.quit), which closes the engine and then calls installOnExit(). */
  quit: () => void;
  clock?: Clock;
  /** electron-updater's updater; loaded only when updates are on. */
  loadUpdater?: () => Promise<Updater>;
}

export interface Updates {
  /** Stops checking and waiting; a downloaded update can still be installed on exit. */
  stop(): void;
  /**
   * Starts the installer of a downloaded update, which waits for this process to end; true when it
   * did. The app calls it as it exits, once the engine is closed; later calls do nothing.
   */
  installOnExit(): boolean;
}

const OFF: Updates = { stop() {}, installOnExit: () => false };

/** The update URL as given, trimmed; undefined when none is given. Throws, saying why, when it is not an http(s) URL. */
export function parseUpdateUrl(raw: string | undefined): string | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`The update URL "${text.slice(0, 200)}" is not a web address: give one like https://intranet.example.gov.uk/casebridge/updates/.`);
  }
  // As the machine policy's updateUrl (shared/domain/policy.ts): an installer fetched in the clear
  // could be swapped on the way, so plain http only to this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new Error(
      `The update URL must start with https://, not ${url.protocol}: casebridge downloads updates over HTTPS, so a file share needs a web server with a certificate in front of it.`,
    );
  }
  if (url.username || url.password) throw new Error('The update URL must not hold a user name or password: anyone who can read the setting would see them.');
  return text;
}

/** electron-updater is CommonJS: Node's ESM import shows its autoUpdater getter on the default export only. */
async function loadElectronUpdater(): Promise<Updater> {
  const loaded = (await import('electron-updater')) as { default?: { autoUpdater: Updater }; autoUpdater?: Updater };
  const updater = loaded.default?.autoUpdater ?? loaded.autoUpdater;
  if (!updater) throw new Error('electron-updater has no autoUpdater here.');
  return updater;
}

export function startUpdates(options: UpdatesOptions): Updates {
  let url: string | undefined;
  try {
    url = parseUpdateUrl(options.url);
  } catch (error) {
    options.log({ level: 'error', message: `Updates are off: ${message(error)}` });
    return OFF;
  }
  if (url === undefined) return OFF;
  const feed = url;
  const clock = options.clock ?? systemClock();
  const loop = createLoopControl(clock);
  let updater: Updater | undefined;
  let downloaded: string | undefined;
  let restartAfterInstall = false;
  let installed = false;

  async function run(): Promise<void> {
    updater = await (options.loadUpdater ?? loadElectronUpdater)();
    if (loop.stopped) return;
    const onDownloaded = (info: { version: string }) => {
      downloaded = info.version;
      options.log({ level: 'info', message: `casebridge ${info.version} is downloaded from ${feed}; it installs when no attempt is running.` });
      loop.wake();
    };
    const onError = (error: Error) => options.log({ level: 'warn', message: `Could not update from ${feed}: ${message(error)}` });
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = false;
    updater.setFeedURL({ provider: 'generic', url: feed });
    updater.on('update-downloaded', onDownloaded);
    updater.on('error', onError);
    try {
      let nextCheck = clock.millis();
      while (!loop.stopped) {
        if (downloaded !== undefined) {
          if (await attemptRunning()) {
            await loop.wait(IDLE_POLL_MS);
            continue;
          }
          options.log({ level: 'info', message: `Installing casebridge ${downloaded}: no attempt is running. casebridge closes and starts again.` });
          restartAfterInstall = true;
          options.quit();
          await loop.wait(RETRY_AFTER_STAY_MS);
          // Still running after the wait: the quit was refused (unsaved changes kept); ask again.
          if (!loop.stopped) restartAfterInstall = false;
        } else if (clock.millis() >= nextCheck) {
          nextCheck = clock.millis() + CHECK_EVERY_MS;
          // A failed check is reported by the error event; the next one comes at its time. A stop
          // does not wait for a check the network holds up.
          await loop.wait(undefined, [updater.checkForUpdates().catch(() => undefined)]);
        } else {
          await loop.wait(nextCheck - clock.millis());
        }
      }
    } finally {
      updater.off('update-downloaded', onDownloaded);
      updater.off('error', onError);
    }
  }

  /** An engine that cannot answer is taken as busy: the update waits rather than risk an attempt. */
  async function attemptRunning(): Promise<boolean> {
    try {
      return await options.isAttemptRunning();
    } catch {
      return true;
    }
  }

  void run().catch((error: unknown) => options.log({ level: 'error', message: `Updates from ${feed} stopped: ${message(error)}` }));
  return {
    stop: () => loop.stop(),
    installOnExit() {
      if (installed || !updater || downloaded === undefined) return false;
      installed = true;
      updater.quitAndInstall(true, restartAfterInstall);
      return true;
    },
  };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
