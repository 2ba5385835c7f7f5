import type { Transport } from '../api/transport';

/**
 * Which engine this console shows, always on screen, so nobody retries a job on the wrong one: the
 * desktop's own engine over IPC, or a server (its host name) over the WebSocket.
 */
export function consoleModeInWords(transportKind: Transport['kind'] | null, host: string): string {
  if (transportKind === 'ipc') return "This workstation's engine";
  return `Server ${host}`;
}
