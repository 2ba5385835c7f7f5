import type { CasebridgeBridge } from '../../../shared/contract';
import { createIpcTransport } from './ipc-transport';
import { takeSessionToken, webSocketUrl } from './session-token';
import type { Transport } from './transport';
import { createWebSocketTransport } from './ws-transport';

declare global {
  interface Window {
    /** Present only in the desktop app, where the preload exposes the contract. */
    casebridge?: CasebridgeBridge;
  }
}

/** The preload's bridge in the desktop app; otherwise the headless host's WebSocket. */
export function selectTransport(): Transport {
  if (window.casebridge) return createIpcTransport(window.casebridge);
  const token = takeSessionToken();
  return createWebSocketTransport({ url: token ? webSocketUrl(token) : null });
}
