/** ipcMain as far as the contract's IPC binder (electron/main/ipc.ts) uses it, with a way to invoke what was bound. */
import { vi } from 'vitest';
import type { CallResult } from '../../shared/contract';

export const RENDERER_URL = 'file:///app/out/renderer/index.html';

type InvokeHandler = (event: unknown, input: unknown) => Promise<CallResult<unknown>>;

export function fakeIpcMain() {
  const bound = new Map<string, InvokeHandler>();
  return {
    bound,
    handle: vi.fn((channel: string, handler: InvokeHandler) => {
      if (bound.has(channel)) throw new Error(`second handler for ${channel}`);
      bound.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => void bound.delete(channel)),
    invoke(channel: string, input: unknown, frameUrl: string | null = RENDERER_URL) {
      const handler = bound.get(channel);
      if (!handler) throw new Error(`nothing bound to ${channel}`);
      return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, input);
    },
  };
}
