import type { CallInput, CallName, CallOutput, CallResult, EventName, EventPayload, Unsubscribe } from '../../../shared/contract';

/**
 * - `connecting`: the first connection is being made;
 * - `open`: calls and events flow (always, over Electron IPC);
 * - `reconnecting`: a working connection dropped and is being re-established;
 * - `unauthorised`: no session could ever be opened (no token, a wrong token, or no engine there).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorised';

/** What a caller may ask of the transport besides the call itself. */
export interface CallOptions {
  /**
   * How much of a large call has reached the engine, from 0 to 1, as it goes (only a call too
   * large for one WebSocket frame reports it; IPC never needs to).
   */
  onProgress?(fractionSent: number): void;
}

/** How the console reaches the engine: Electron IPC or the headless host's WebSocket. */
export interface Transport {
  readonly kind: 'ipc' | 'websocket';
  /** Sends one call and answers the contract's envelope; rejects only for transport failures. */
  request<K extends CallName>(name: K, input: CallInput<K> | undefined, options?: CallOptions): Promise<CallResult<CallOutput<K>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): Unsubscribe;
  close(): void;
}
