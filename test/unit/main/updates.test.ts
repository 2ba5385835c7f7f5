import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualClock, type ManualClock } from '../../support/manual-clock';
import { CHECK_EVERY_MS, IDLE_POLL_MS, parseUpdateUrl, RETRY_AFTER_STAY_MS, startUpdates, type Updates } from '../../../electron/main/updates';

const fake = vi.hoisted(() => ({ updater: undefined as unknown as FakeUpdater, imported: 0 }));

class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  readonly setFeedURL = vi.fn();
  readonly checkForUpdates = vi.fn(async () => null);
  readonly quitAndInstall = vi.fn();
}

// As Node's ESM import shows the CommonJS electron-updater: its autoUpdater getter only on the default export.
vi.mock('electron-updater', () => {
  fake.imported += 1;
  return {
    default: {
      get autoUpdater() {
        return fake.updater;
      },
    },
  };
});

const URL_ = 'https://intranet.council.example/casebridge/updates/';
let clock: ManualClock;
let updates: Updates | undefined;
let log: ReturnType<typeof vi.fn<(entry: { level: string; message: string }) => void>>;
let attemptRunning: boolean;
let quit: ReturnType<typeof vi.fn<() => void>>;

function start(url: string | undefined) {
  updates = startUpdates({ url, isAttemptRunning: () => attemptRunning, log, quit, clock });
  return updates;
}

/** What the app does when asked to quit: closes the engine (stopping updates), then installs on exit. */
function quitTheApp(running: Updates) {
  running.stop();
  return running.installOnExit();
}

beforeEach(() => {
  fake.updater = new FakeUpdater();
  clock = manualClock();
  log = vi.fn<(entry: { level: string; message: string }) => void>();
  attemptRunning = false;
  quit = vi.fn<() => void>();
});

afterEach(() => updates?.stop());

describe('startUpdates', () => {
  it('does nothing without a URL: electron-updater is never loaded and nothing waits', async () => {
    const importedBefore = fake.imported;
    start(undefined);
    start('   ');
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.imported).toBe(importedBefore);
    expect(fake.updater.setFeedURL).not.toHaveBeenCalled();
    expect(fake.updater.checkForUpdates).not.toHaveBeenCalled();
    expect(clock.waiting()).toEqual([]);
    expect(log).not.toHaveBeenCalled();
    expect(updates!.installOnExit()).toBe(false);
  });

  it('refuses a URL it cannot download from, says why, and stays off', async () => {
    start('\\\\fileserver\\casebridge\\updates');
    start('file:///S:/casebridge/updates/');
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.updater.checkForUpdates).not.toHaveBeenCalled();
    expect(log.mock.calls.map(([entry]) => entry)).toEqual([
      { level: 'error', message: expect.stringMatching(/^Updates are off: .*not a web address/) },
      { level: 'error', message: expect.stringMatching(/^Updates are off: .*must start with https:\/\/, not file:.*web server/) },
    ]);
  });

  it('checks the council’s server at start, downloads in the background, and checks again every few hours', async () => {
    start(URL_);
    await vi.waitFor(() => expect(fake.updater.checkForUpdates).toHaveBeenCalledTimes(1));
    expect(fake.updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: URL_ });
    expect(fake.updater.autoDownload).toBe(true);
    expect(fake.updater.autoInstallOnAppQuit).toBe(false); // its own install on quit would not ask about attempts

    await clock.sleeping(CHECK_EVERY_MS);
    clock.advance(CHECK_EVERY_MS - 1);
    expect(fake.updater.checkForUpdates).toHaveBeenCalledTimes(1);
    clock.advance(1);
    await vi.waitFor(() => expect(fake.updater.checkForUpdates).toHaveBeenCalledTimes(2));
  });

  it('logs a failed check and checks again at the next time', async () => {
    fake.updater.checkForUpdates.mockImplementationOnce(async () => {
      const error = new Error('net::ERR_NAME_NOT_RESOLVED');
      fake.updater.emit('error', error);
      throw error;
    });
    start(URL_);
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith({ level: 'warn', message: `Could not update from ${URL_}: net::ERR_NAME_NOT_RESOLVED` }));
    await clock.sleeping(CHECK_EVERY_MS);
    clock.advance(CHECK_EVERY_MS);
    await vi.waitFor(() => expect(fake.updater.checkForUpdates).toHaveBeenCalledTimes(2));
  });

  it('holds a downloaded update while an attempt runs, then quits the app the usual way and installs once it is closed', async () => {
    attemptRunning = true;
    const running = start(URL_);
    await vi.waitFor(() => expect(fake.updater.checkForUpdates).toHaveBeenCalledTimes(1));
    fake.updater.emit('update-downloaded', { version: '0.2.0' });
    await clock.sleeping(IDLE_POLL_MS);
    expect(quit).not.toHaveBeenCalled();

    clock.advance(IDLE_POLL_MS);
    await clock.sleeping(IDLE_POLL_MS);
    expect(quit).not.toHaveBeenCalled(); // still running a minute later

    attemptRunning = false;
    clock.advance(IDLE_POLL_MS);
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    expect(log).toHaveBeenCalledWith({ level: 'info', message: expect.stringMatching(/^Installing casebridge 0\.2\.0: no attempt is running/) });
    expect(fake.updater.quitAndInstall).not.toHaveBeenCalled(); // never while casebridge still runs

    expect(quitTheApp(running)).toBe(true);
    expect(fake.updater.quitAndInstall).toHaveBeenCalledWith(true, true); // silent, and casebridge starts again
    expect(running.installOnExit()).toBe(false);
    expect(fake.updater.quitAndInstall).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(clock.waiting()).toEqual([]));
  });

  it('asks again later when the quit was refused (unsaved changes kept)', async () => {
    const running = start(URL_);
    await clock.sleeping(CHECK_EVERY_MS);
    fake.updater.emit('update-downloaded', { version: '0.2.0' });
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    await clock.sleeping(RETRY_AFTER_STAY_MS);
    clock.advance(RETRY_AFTER_STAY_MS);
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(2));
    expect(fake.updater.quitAndInstall).not.toHaveBeenCalled();
    expect(quitTheApp(running)).toBe(true);
  });

  it('installs a downloaded update when the person quits, and leaves casebridge closed', async () => {
    attemptRunning = true;
    const running = start(URL_);
    await clock.sleeping(CHECK_EVERY_MS);
    expect(running.installOnExit()).toBe(false); // nothing downloaded yet
    fake.updater.emit('update-downloaded', { version: '0.2.0' });
    await clock.sleeping(IDLE_POLL_MS);
    expect(quitTheApp(running)).toBe(true);
    expect(fake.updater.quitAndInstall).toHaveBeenCalledWith(true, false);
    expect(quit).not.toHaveBeenCalled();
  });

  it('takes an engine that cannot say whether an attempt runs as busy', async () => {
    updates = startUpdates({
      url: URL_,
      isAttemptRunning: () => {
        throw new Error('the store is closed');
      },
      log,
      quit,
      clock,
    });
    await clock.sleeping(CHECK_EVERY_MS);
    fake.updater.emit('update-downloaded', { version: '0.2.0' });
    await clock.sleeping(IDLE_POLL_MS);
    clock.advance(IDLE_POLL_MS);
    await clock.sleeping(IDLE_POLL_MS);
    expect(quit).not.toHaveBeenCalled();
  });

  it('stop() ends the wait at once, stops checking and lets go of the updater’s events', async () => {
    start(URL_).stop();
    await new Promise((resolve) => setImmediate(resolve));
    await vi.waitFor(() => expect(clock.waiting()).toEqual([]));
    clock.advance(CHECK_EVERY_MS * 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.updater.checkForUpdates.mock.calls.length).toBeLessThanOrEqual(1);

    fake.updater = new FakeUpdater();
    const running = start(URL_);
    await clock.sleeping(CHECK_EVERY_MS);
    running.stop();
    await vi.waitFor(() => expect(fake.updater.listenerCount('update-downloaded')).toBe(0));
    expect(clock.waiting()).toEqual([]);
    fake.updater.emit('update-downloaded', { version: '0.2.0' });
    clock.advance(CHECK_EVERY_MS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(quit).not.toHaveBeenCalled();
  });
});

describe('parseUpdateUrl', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    [`  ${URL_}  `, URL_],
    ['http://127.0.0.1:8080/casebridge/', 'http://127.0.0.1:8080/casebridge/'],
  ])('takes %j as %j', (raw, parsed) => {
    expect(parseUpdateUrl(raw)).toBe(parsed);
  });

  it.each([
    ['intranet/casebridge', /not a web address/],
    ['ftp://files.council.example/casebridge/', /not ftp:/],
    // In the clear across the network, an installer could be swapped on the way.
    ['http://10.1.2.3:8080/casebridge/', /must start with https:\/\/, not http:/],
    ['https://svc-casebridge:Secret1@intranet.council.example/', /must not hold a user name or password/],
  ])('refuses %j', (raw, reason) => {
    expect(() => parseUpdateUrl(raw)).toThrow(reason);
  });
});
