/**
 * The contract over Electron IPC: one generic binder for every call, one forwarder for every event.
 * Nothing here is call-specific, so adding a call to shared/contract.ts needs no change in this file.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, ipcCallChannel, ipcEventChannel, type CallName, type CallResult, type Handlers, type Unsubscribe } from '../../shared/contract';
import { dispatchCall, fail } from '../../shared/dispatch';
import type { Caller } from '../../shared/domain/people';
import type { AnyEventListener } from '../engine/events';

export type SenderCheck = (frameUrl: string | null | undefined) => boolean;

export interface BindIpcOptions {
  /** A handler threw: the caller gets a `failed` envelope, the shell gets the error. */
  onUnexpected?: (name: CallName, error: unknown) => void;
  /** A call came from a frame that is not the app's renderer. */
  onRefused?: (name: CallName, frameUrl: string | undefined) => void;
}

/** The sender frame's URL; reading a disposed frame throws, which counts as no frame. */
function senderUrl(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): string | undefined {
  try {
    return event.senderFrame?.url ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Binds every call of the contract; answers the envelope, never throws across IPC. Every call is
 * made by `caller`, the one person at this workstation (the desktop's own engine has no sign-in).
 * Returns an unbind.
 */
export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  caller: Caller,
  isAllowedSender: SenderCheck,
  options: BindIpcOptions = {},
): Unsubscribe {
  for (const name of CALL_NAMES) {
    ipcMain.handle(ipcCallChannel(name), async (event, input: unknown): Promise<CallResult<unknown>> => {
      const frameUrl = senderUrl(event);
      if (!isAllowedSender(frameUrl)) {
        options.onRefused?.(name, frameUrl);
        return fail('forbidden', `${name}: calls are only accepted from the casebridge console.`);
      }
      return dispatchCall(handlers, name, input, caller, options.onUnexpected);
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(ipcCallChannel(name));
  };
}

/** What forwarding needs of a webContents. */
export interface EventReceiver {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Pushes every engine event to every live window. The list is asked for on each event so windows
 * opened later are included and closed ones drop out. Returns an unsubscribe.
 */
export function forwardEvents(
  onAnyEvent: (listener: AnyEventListener) => Unsubscribe,
  getWebContentsList: () => Iterable<EventReceiver>,
  onSendError: (error: unknown) => void = (error) => console.error('casebridge: could not forward an event:', error),
): Unsubscribe {
  return onAnyEvent((name, payload) => {
    const channel = ipcEventChannel(name);
    for (const contents of getWebContentsList()) {
      if (contents.isDestroyed()) continue;
      try {
        contents.send(channel, payload);
      } catch (error) {
        // One window going away mid-send must not keep the event from the others.
        onSendError(error);
      }
    }
  });
}
