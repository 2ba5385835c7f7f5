import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { buildBridge, type IpcRendererLike } from '../../../electron/preload/bridge';
import { CALL_NAMES, ipcCallChannel, ipcEventChannel, type CallName } from '../../../shared/contract';

// The preload entry imports electron: give it a fake so its one line can be checked.
const exposed = vi.hoisted(() => ({ calls: [] as [string, unknown][] }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.calls.push([key, api]) },
  ipcRenderer: { invoke: async () => ({ ok: true, value: 'from fake' }), on: () => {}, removeListener: () => {} },
}));

/** An ipcRenderer whose events can be emitted by the test, as main would send them. */
function fakeIpcRenderer(invoke: (channel: string, ...args: unknown[]) => Promise<unknown>) {
  const emitter = new EventEmitter();
  const ipc = {
    invoke: vi.fn(invoke),
    on: vi.fn((channel: string, listener: (...args: any[]) => void) => emitter.on(channel, listener)),
    removeListener: vi.fn((channel: string, listener: (...args: any[]) => void) => emitter.removeListener(channel, listener)),
  };
  const send = (channel: string, payload: unknown) => emitter.emit(channel, { sender: 'ipc event object' }, payload);
  return { ipc, emitter, send, asIpc: ipc as unknown as IpcRendererLike };
}

describe('buildBridge', () => {
  it('has one method per call, each invoking its channel with the input and answering the envelope as-is', async () => {
    const { ipc, asIpc } = fakeIpcRenderer(async (channel, input) => ({ ok: true, value: { channel, input } }));
    const bridge = buildBridge(asIpc);
    for (const name of CALL_NAMES) {
      const input = { probe: name };
      const method = bridge[name] as (input: unknown) => Promise<unknown>;
      expect(typeof method).toBe('function');
      expect(await method(input)).toEqual({ ok: true, value: { channel: ipcCallChannel(name), input } });
    }
    expect(ipc.invoke).toHaveBeenCalledTimes(CALL_NAMES.length);
  });

  it('passes an error envelope from main through untouched', async () => {
    const envelope = { ok: false, error: { code: 'invalid_input', message: 'limit: too big', issues: [{ path: 'limit', message: 'too big' }] } };
    const { asIpc } = fakeIpcRenderer(async () => envelope);
    expect(await buildBridge(asIpc).listRecentLog({ limit: 9999 })).toEqual(envelope);
  });

  it('answers a failed envelope when invoke itself rejects', async () => {
    const { asIpc } = fakeIpcRenderer(async () => {
      throw new Error("No handler registered for 'casebridge:call:getAppInfo'");
    });
    expect(await buildBridge(asIpc).getAppInfo()).toEqual({
      ok: false,
      error: { code: 'failed', message: "No handler registered for 'casebridge:call:getAppInfo'" },
    });
  });

  it('exposes nothing but the calls and on()', () => {
    const { asIpc } = fakeIpcRenderer(async () => undefined);
    const bridge = buildBridge(asIpc);
    expect(Object.keys(bridge).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('on() delivers only the payload, and its unsubscribe removes exactly that listener', () => {
    const { ipc, emitter, send, asIpc } = fakeIpcRenderer(async () => undefined);
    const bridge = buildBridge(asIpc);
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = bridge.on('preferencesChanged', first);
    bridge.on('preferencesChanged', second);
    expect(ipc.on).toHaveBeenCalledWith(ipcEventChannel('preferencesChanged'), expect.any(Function));

    const prefs = { theme: 'dark', lastPage: 'log' };
    send(ipcEventChannel('preferencesChanged'), prefs);
    expect(first).toHaveBeenCalledExactlyOnceWith(prefs);
    expect(second).toHaveBeenCalledExactlyOnceWith(prefs);

    stopFirst();
    stopFirst(); // a second call is harmless
    expect(emitter.listenerCount(ipcEventChannel('preferencesChanged'))).toBe(1);
    send(ipcEventChannel('preferencesChanged'), prefs);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
  });

  it('on() hears only its own event', () => {
    const { send, asIpc } = fakeIpcRenderer(async () => undefined);
    const onLog = vi.fn();
    buildBridge(asIpc).on('log', onLog);
    send(ipcEventChannel('preferencesChanged'), {});
    expect(onLog).not.toHaveBeenCalled();
  });

  it('on() refuses an unknown event name and a non-function listener', () => {
    const { ipc, asIpc } = fakeIpcRenderer(async () => undefined);
    const bridge = buildBridge(asIpc);
    expect(() => bridge.on('nope' as never, () => {})).toThrow(/no event named "nope"/);
    expect(() => bridge.on('__proto__' as never, () => {})).toThrow(/no event named/);
    expect(() => bridge.on('log', 'not a function' as never)).toThrow(/needs a function/);
    expect(ipc.on).not.toHaveBeenCalled();
  });
});

describe('the preload entry', () => {
  it('exposes the bridge as window.casebridge, and nothing else', async () => {
    await import('../../../electron/preload/index');
    expect(exposed.calls).toHaveLength(1);
    const [key, api] = exposed.calls[0]!;
    expect(key).toBe('casebridge');
    expect(Object.keys(api as object).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    expect(await (api as Record<CallName, () => Promise<unknown>>).getAppInfo()).toEqual({ ok: true, value: 'from fake' });
  });
});
