/**
 * Builds `window.casebridge` from the contract: one method per call, plus `on(event, fn)`. It hands
 * the page nothing of Electron (no ipcRenderer, no IPC event objects), only envelopes and payloads.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
// Only names and types from the contract: its schemas (and zod) stay out of the sandboxed preload.
import type { CallResult, CasebridgeBridge, Unsubscribe } from '../../shared/contract';
import { CALL_NAMES, EVENT_NAMES, ipcCallChannel, ipcEventChannel, isEventName, type EventName } from '../../shared/contract-names';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildBridge(ipcRenderer: IpcRendererLike): CasebridgeBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    bridge[name] = async (input?: unknown): Promise<CallResult<unknown>> => {
      try {
        // Main always answers the envelope; it arrives as-is.
        return (await ipcRenderer.invoke(ipcCallChannel(name), input)) as CallResult<unknown>;
      } catch (error) {
        // invoke itself failed (e.g. input that cannot be cloned, main not listening): same envelope.
        return { ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : String(error) } };
      }
    };
  }
  bridge.on = (name: EventName, listener: (payload: unknown) => void): Unsubscribe => {
    if (!isEventName(name)) throw new TypeError(`casebridge: there is no event named ${JSON.stringify(String(name))}; known: ${EVENT_NAMES.join(', ')}.`);
    if (typeof listener !== 'function') throw new TypeError('casebridge: on(event, listener) needs a function.');
    const channel = ipcEventChannel(name);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  };
  return Object.freeze(bridge) as CasebridgeBridge;
}
