import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { AT_THE_DESK } from '../../support/caller';
import { createEventHub } from '../../../electron/engine/events';
import { bindIpc, forwardEvents, type EventReceiver } from '../../../electron/main/ipc';
import { isAllowedSender } from '../../../electron/main/security';
import { CALL_NAMES, ipcCallChannel, ipcEventChannel, type Handlers } from '../../../shared/contract';
import type { LogEntry } from '../../../shared/domain/log-entry';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { fakeIpcMain, RENDERER_URL } from '../../support/fake-ipc-main';

const RENDERER = RENDERER_URL;
const allowed = (url: string | null | undefined) => isAllowedSender(url, { rendererFileUrl: RENDERER });

function fakeHandlers(): Handlers & { [K in keyof Handlers]: ReturnType<typeof vi.fn> } {
  return {
    getAppInfo: vi.fn(),
    getPreferences: vi.fn(() => ({ theme: 'dark', lastPage: 'connections', notifyDeadJobs: true, logFilter: '', jobsFilter: '' })),
    setPreferences: vi.fn(),
    listRecentLog: vi.fn(() => []),
  } as never;
}

let testEngine: TestEngine | undefined;
afterEach(async () => {
  await testEngine?.dispose();
  testEngine = undefined;
});

describe('bindIpc', () => {
  it('binds one channel per call of the contract, and unbinds them all', () => {
    const ipcMain = fakeIpcMain();
    const unbind = bindIpc(ipcMain, fakeHandlers(), AT_THE_DESK, allowed);
    expect([...ipcMain.bound.keys()].sort()).toEqual(CALL_NAMES.map(ipcCallChannel).sort());
    unbind();
    expect(ipcMain.bound.size).toBe(0);
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(CALL_NAMES.length);
  });

  it('answers invalid_input naming the field, from the real engine', async () => {
    testEngine = startTestEngine();
    const ipcMain = fakeIpcMain();
    bindIpc(ipcMain, testEngine.engine.handlers, testEngine.engine.localCaller, allowed);

    const bad = await ipcMain.invoke(ipcCallChannel('setPreferences'), { theme: 'purple' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('invalid_input');
    expect(bad.error.issues?.map((i) => i.path)).toEqual(['theme']);
    expect(bad.error.message).toContain('theme');

    const tooMany = await ipcMain.invoke(ipcCallChannel('listRecentLog'), { limit: 100_000 });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'limit' }] } });

    // And the preference really was not changed.
    const prefs = await ipcMain.invoke(ipcCallChannel('getPreferences'), undefined);
    expect(prefs).toMatchObject({ ok: true, value: { theme: 'system' } });
  });

  it('runs a valid call from the console and answers its value', async () => {
    testEngine = startTestEngine();
    const ipcMain = fakeIpcMain();
    bindIpc(ipcMain, testEngine.engine.handlers, testEngine.engine.localCaller, allowed);
    const result = await ipcMain.invoke(ipcCallChannel('setPreferences'), { theme: 'dark' });
    expect(result).toEqual({ ok: true, value: { theme: 'dark', lastPage: 'connections', notifyDeadJobs: true, logFilter: '', jobsFilter: '' } });
  });

  it.each([
    ['a foreign page', 'https://evil.example/'],
    ['a sibling folder', 'file:///app/out/renderer-evil/index.html'],
    ['a null frame', null],
  ])('refuses a call from %s and never runs the handler', async (_what, frameUrl) => {
    const ipcMain = fakeIpcMain();
    const handlers = fakeHandlers();
    const onRefused = vi.fn();
    bindIpc(ipcMain, handlers, AT_THE_DESK, allowed, { onRefused });
    const result = await ipcMain.invoke(ipcCallChannel('getPreferences'), undefined, frameUrl);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers.getPreferences).not.toHaveBeenCalled();
    expect(onRefused).toHaveBeenCalledWith('getPreferences', frameUrl ?? undefined);
  });

  it('refuses a call whose frame was disposed (reading its URL throws)', async () => {
    const ipcMain = fakeIpcMain();
    const handlers = fakeHandlers();
    bindIpc(ipcMain, handlers, AT_THE_DESK, allowed);
    const disposed = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    const result = await ipcMain.bound.get(ipcCallChannel('getPreferences'))!(disposed, undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers.getPreferences).not.toHaveBeenCalled();
  });

  it('turns a throwing handler into a failed envelope and reports it', async () => {
    const ipcMain = fakeIpcMain();
    const handlers = fakeHandlers();
    handlers.listRecentLog.mockImplementation(() => {
      throw new Error('disk on fire');
    });
    const onUnexpected = vi.fn();
    bindIpc(ipcMain, handlers, AT_THE_DESK, allowed, { onUnexpected });
    const result = await ipcMain.invoke(ipcCallChannel('listRecentLog'), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining('disk on fire') } });
    expect(onUnexpected).toHaveBeenCalledWith('listRecentLog', expect.any(Error));
  });
});

describe('forwardEvents', () => {
  const receiver = (destroyed = false): EventReceiver & { send: Mock<EventReceiver['send']> } => ({
    isDestroyed: () => destroyed,
    send: vi.fn<EventReceiver['send']>(),
  });
  const entry = { id: 1, time: '2026-03-29T01:30:00+01:00', level: 'info', source: 'engine', message: 'hello' } as LogEntry;

  it('sends each event to every live webContents, skipping destroyed ones', () => {
    const hub = createEventHub();
    const live = [receiver(), receiver()];
    const gone = receiver(true);
    forwardEvents(hub.onAny, () => [live[0]!, gone, live[1]!]);
    hub.emit('log', entry);
    for (const contents of live) expect(contents.send).toHaveBeenCalledExactlyOnceWith(ipcEventChannel('log'), entry);
    expect(gone.send).not.toHaveBeenCalled();
  });

  it('asks for the list on every event, so new windows are included', () => {
    const hub = createEventHub();
    const windows: EventReceiver[] = [];
    forwardEvents(hub.onAny, () => windows);
    const late = receiver();
    windows.push(late);
    hub.emit('preferencesChanged', { theme: 'light', lastPage: 'log', notifyDeadJobs: true, logFilter: '', jobsFilter: '' });
    expect(late.send).toHaveBeenCalledWith(ipcEventChannel('preferencesChanged'), { theme: 'light', lastPage: 'log', notifyDeadJobs: true, logFilter: '', jobsFilter: '' });
  });

  it('keeps sending to the others when one send throws, and stops after unsubscribe', () => {
    const hub = createEventHub();
    const broken = receiver();
    broken.send.mockImplementation(() => {
      throw new Error('Object has been destroyed');
    });
    const fine = receiver();
    const onSendError = vi.fn();
    const stop = forwardEvents(hub.onAny, () => [broken, fine], onSendError);
    hub.emit('log', entry);
    expect(fine.send).toHaveBeenCalledTimes(1);
    expect(onSendError).toHaveBeenCalledTimes(1);
    stop();
    hub.emit('log', entry);
    expect(fine.send).toHaveBeenCalledTimes(1);
  });
});
