import type { CallResult, CasebridgeBridge } from '../../../shared/contract';
import { ContractCallError, describeError } from './contract-call-error';
import type { Transport } from './transport';

/** The desktop app: the preload's `window.casebridge`. IPC cannot drop, so it is always open. */
export function createIpcTransport(bridge: CasebridgeBridge): Transport {
  return {
    kind: 'ipc',
    state: 'open',
    async request(name, input) {
      const method = bridge[name] as (input: unknown) => Promise<CallResult<never>>;
      try {
        return await method.call(bridge, input);
      } catch (error) {
        // The envelope carries engine errors; a throw here means IPC itself failed.
        throw new ContractCallError(name, 'failed', `the desktop bridge failed (${describeError(error)}).`);
      }
    },
    on: (name, listener) => bridge.on(name, listener),
    onStateChange: () => () => {},
    close: () => {},
  };
}
