import type { CallInput, CallName, CallOutput, EventName, EventPayload, Unsubscribe } from '../../../shared/contract';
import { ContractCallError } from './contract-call-error';
import type { CallOptions, ConnectionState, Transport } from './transport';

/** What the console's code uses to talk to the engine, whichever transport carries it. */
export interface Api {
  /** Runs a call and answers its value; throws ContractCallError when the engine or the transport says no. */
  call<K extends CallName>(name: K, input?: CallInput<K>, options?: CallOptions): Promise<CallOutput<K>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  readonly transportKind: Transport['kind'];
  readonly connectionState: ConnectionState;
  onConnectionStateChange(listener: (state: ConnectionState) => void): Unsubscribe;
  close(): void;
}

export function createApi(transport: Transport): Api {
  return {
    async call(name, input, options) {
      const result = await transport.request(name, input, options);
      if (!result.ok) throw new ContractCallError(name, result.error.code, result.error.message, result.error.issues);
      return result.value;
    },
    on: (name, listener) => transport.on(name, listener),
    transportKind: transport.kind,
    get connectionState() {
      return transport.state;
    },
    onConnectionStateChange: (listener) => transport.onStateChange(listener),
    close: () => transport.close(),
  };
}
