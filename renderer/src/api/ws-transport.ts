import { isEventName, type CallName, type CallResult, type EventName } from '../../../shared/contract';
import { ServerFrameSchema, type CallFrame } from '../../../shared/wire';
import { ContractCallError } from './contract-call-error';
import type { ConnectionState, Transport } from './transport';

export interface WebSocketTransportOptions {
  /** `ws://host/ws?token=...`, or null when the page has no session token at all. */
  url: string | null;
  /** How long a call may wait (to be sent and answered) before it fails. */
  callTimeoutMs?: number;
  /** Reconnect delays double from the first to the cap, with some jitter. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  /**
   * Failed connects, with no success yet, before the session counts as refused. The browser never
   * sees the host's 401, only a close, so a wrong token and an absent host look the same.
   */
  failuresBeforeUnauthorised?: number;
  createSocket?: (url: string) => WebSocket;
}

/** WebSocket.OPEN, spelt out so the transport also runs where there is no global WebSocket (unit tests). */
const SOCKET_OPEN = 1;

interface QueuedCall {
  frame: CallFrame;
  resolve(result: CallResult<unknown>): void;
  reject(error: ContractCallError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** The headless host: the contract over one WebSocket, reconnected whenever it drops. */
export function createWebSocketTransport(options: WebSocketTransportOptions): Transport {
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const firstRetryMs = options.firstRetryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  const failuresBeforeUnauthorised = options.failuresBeforeUnauthorised ?? 2;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));

  let state: ConnectionState = options.url ? 'connecting' : 'unauthorised';
  let socket: WebSocket | null = null;
  let everOpened = false;
  let failedConnects = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let nextId = 1;
  const waitingToSend = new Set<QueuedCall>();
  const awaitingAnswer = new Map<number, QueuedCall>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };

  const settle = (call: QueuedCall) => {
    clearTimeout(call.timer);
    waitingToSend.delete(call);
    awaitingAnswer.delete(call.frame.id);
  };

  const failAll = (calls: Iterable<QueuedCall>, message: (call: QueuedCall) => string) => {
    for (const call of [...calls]) {
      settle(call);
      call.reject(new ContractCallError(call.frame.name, 'not_connected', message(call)));
    }
  };

  const send = (call: QueuedCall) => {
    waitingToSend.delete(call);
    awaitingAnswer.set(call.frame.id, call);
    socket!.send(JSON.stringify(call.frame));
  };

  const onFrame = (data: unknown) => {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      json = undefined;
    }
    const parsed = ServerFrameSchema.safeParse(json);
    if (!parsed.success) {
      console.warn('casebridge: ignored a frame from the engine that is not in the wire format.');
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'result') {
      const call = awaitingAnswer.get(frame.id);
      if (!call) return; // it timed out already
      settle(call);
      // `value` is absent from a `void` call's answer (JSON drops undefined); the envelope always has it.
      call.resolve(frame.result.ok ? { ok: true, value: frame.result.value } : frame.result);
      return;
    }
    if (!isEventName(frame.name)) return; // an event from a newer engine this console does not know
    for (const listener of [...(eventListeners.get(frame.name) ?? [])]) {
      try {
        listener(frame.payload);
      } catch (error) {
        console.error(`casebridge: a listener for ${frame.name} failed:`, error);
      }
    }
  };

  const scheduleReconnect = () => {
    const exponential = Math.min(maxRetryMs, firstRetryMs * 2 ** Math.max(0, failedConnects - 1));
    // Jitter so that several consoles do not all knock at the same instant after a restart.
    const delay = exponential / 2 + Math.random() * (exponential / 2);
    retryTimer = setTimeout(connect, delay);
  };

  function connect() {
    if (closed || !options.url) return;
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      everOpened = true;
      failedConnects = 0;
      setState('open');
      for (const call of [...waitingToSend]) send(call);
    };
    ws.onmessage = (event) => onFrame(event.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failAll(awaitingAnswer.values(), (call) =>
        `${call.frame.name}: the connection to the engine dropped before it answered; the call may or may not have run.`,
      );
      if (closed) return;
      failedConnects++;
      if (everOpened) setState('reconnecting');
      else if (failedConnects >= failuresBeforeUnauthorised) {
        setState('unauthorised');
        failAll(waitingToSend, (call) => `${call.frame.name}: this console has no session with the engine.`);
      }
      // Keep trying even when refused: a host restarted with the same --token will take us back.
      scheduleReconnect();
    };
  }

  connect();

  return {
    kind: 'websocket',
    get state() {
      return state;
    },
    request(name: CallName, input: unknown) {
      return new Promise<CallResult<never>>((resolve, reject) => {
        if (state === 'unauthorised' || closed) {
          reject(new ContractCallError(name, 'not_connected', `${name}: this console has no session with the engine.`));
          return;
        }
        const call: QueuedCall = {
          // Always an object: JSON would drop an undefined input, and the schemas default `{}`.
          frame: { type: 'call', id: nextId++, name, input: input ?? {} },
          resolve: resolve as (result: CallResult<unknown>) => void,
          reject,
          timer: setTimeout(() => {
            const neverSent = waitingToSend.has(call);
            settle(call);
            const seconds = Math.round(callTimeoutMs / 1000);
            const why = neverSent ? `could not be sent: no connection to the engine for ${seconds} s` : `the engine did not answer within ${seconds} s`;
            reject(new ContractCallError(name, 'timeout', `${name}: ${why}.`));
          }, callTimeoutMs),
        };
        waitingToSend.add(call);
        // While (re)connecting, calls wait for the socket to open, within their own timeout.
        if (socket?.readyState === SOCKET_OPEN) send(call);
      });
    },
    on(name, listener) {
      const listeners = eventListeners.get(name) ?? new Set();
      eventListeners.set(name, listeners);
      listeners.add(listener as (payload: unknown) => void);
      return () => listeners.delete(listener as (payload: unknown) => void);
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
      socket = null;
      failAll([...waitingToSend, ...awaitingAnswer.values()], (call) => `${call.frame.name}: the console closed its connection.`);
    },
  };
}
