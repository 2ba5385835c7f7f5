import { MAX_CALL_CHARS, PART_CHARS, splitCallText } from '../../../shared/call-parts';
import { isEventName, type CallName, type CallResult, type EventName } from '../../../shared/contract';
import { CLOSE_CODES, ServerFrameSchema, type CallFrame, type PartFrame } from '../../../shared/wire';
import { ContractCallError } from './contract-call-error';
import type { CallOptions, ConnectionState, Transport } from './transport';

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
  /**
   * The person's session ended (the host closed with CLOSE_CODES.signedOut): the transport stops
   * for good, since reconnecting could only be refused, and passes on the host's reason in words.
   */
  onSignedOut?: (reason: string) => void;
}

/** WebSocket.OPEN, spelt out so the transport also runs where there is no global WebSocket (unit tests). */
const SOCKET_OPEN = 1;

/** Parts of a large call sent ahead of the engine's acknowledgements (about 3 MB at most). */
const PARTS_IN_FLIGHT = 4;
/**
 * Once a large call is all received, the engine's work on it grows with its size (a 20 MB file of
 * cases can take a minute on a busy machine): its answer may take one more call timeout for each
 * this many parts (about 2 MB).
 */
const PARTS_PER_EXTRA_TIMEOUT = 8;

/** Why the engine closed the connection, by close code, for the calls it cut off. */
const CLOSED_BECAUSE: Record<number, string> = {
  [CLOSE_CODES.messageTooBig]: 'the engine closed the connection because the console sent a message larger than it accepts (1 MiB)',
  [CLOSE_CODES.invalidData]: 'the engine closed the connection because the console sent a message that was not valid UTF-8 text',
  [CLOSE_CODES.policyViolation]: "the engine closed the connection because the console sent a message that was not in the contract's format",
  [CLOSE_CODES.unsupportedData]: "the engine closed the connection because the console sent a message that was not in the contract's format",
  [CLOSE_CODES.protocolError]: 'the engine closed the connection because the console broke the WebSocket protocol',
  [CLOSE_CODES.internalError]: 'the engine closed the connection because it failed while handling a message',
  [CLOSE_CODES.signedOut]: 'you were signed out',
};

interface QueuedCall {
  frame: CallFrame;
  /** The frame as JSON text, as sent. */
  text: string;
  /** That text cut into parts, when it is too large for one frame. */
  parts?: string[];
  /** Parts handed to the socket, and parts the engine said it received. */
  partsSent: number;
  partsReceived: number;
  onProgress?: CallOptions['onProgress'];
  resolve(result: CallResult<unknown>): void;
  reject(error: ContractCallError): void;
  timer?: ReturnType<typeof setTimeout>;
}

/** The call's frame as JSON text, or why it cannot be sent at all. */
function encode(frame: CallFrame): { text: string } | { problem: string } {
  let text: string;
  try {
    text = JSON.stringify(frame);
  } catch (error) {
    return { problem: `its input cannot be written as JSON (${(error as Error).message})` };
  }
  if (text.length > MAX_CALL_CHARS) {
    return { problem: `it is ${text.length.toLocaleString('en-GB')} characters of JSON, more than the ${MAX_CALL_CHARS.toLocaleString('en-GB')} the engine accepts in one call` };
  }
  return { text };
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
  // The engine puts one large call together per connection: they go one after another.
  let sendingParts: QueuedCall | null = null;
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
    if (sendingParts === call) {
      sendingParts = null;
      sendWaiting();
    }
  };

  const failAll = (calls: Iterable<QueuedCall>, message: (call: QueuedCall) => string) => {
    for (const call of [...calls]) {
      settle(call);
      call.reject(new ContractCallError(call.frame.name, 'not_connected', message(call)));
    }
  };

  /** The call's timeout, started again whenever it makes progress (a large call may take a while to send). */
  const armTimer = (call: QueuedCall, ms = callTimeoutMs) => {
    clearTimeout(call.timer);
    call.timer = setTimeout(() => {
      const neverSent = waitingToSend.has(call);
      const partsMissing = call.parts && call.partsReceived < call.parts.length;
      settle(call);
      const seconds = Math.round(ms / 1000);
      const why = neverSent
        ? `it was never sent: no connection to the engine for ${seconds} s`
        : partsMissing
          ? `the engine received ${call.partsReceived} of its ${call.parts!.length} parts, then nothing more for ${seconds} s`
          : `the engine did not answer within ${seconds} s`;
      call.reject(new ContractCallError(call.frame.name, 'timeout', `${why}.`));
    }, ms);
  };

  const sendParts = (call: QueuedCall) => {
    const parts = call.parts!;
    while (call.partsSent < parts.length && call.partsSent - call.partsReceived < PARTS_IN_FLIGHT) {
      const index = call.partsSent++;
      const frame: PartFrame = { type: 'part', id: call.frame.id, index, count: parts.length, length: call.text.length, text: parts[index]! };
      socket!.send(JSON.stringify(frame));
    }
    if (call.partsSent === parts.length && sendingParts === call) {
      sendingParts = null;
      sendWaiting();
    }
  };

  /** Sends what waits, in order; a large call waits for the one before it to be sent whole. */
  function sendWaiting() {
    if (socket?.readyState !== SOCKET_OPEN) return;
    for (const call of [...waitingToSend]) {
      if (call.parts && sendingParts) continue;
      waitingToSend.delete(call);
      awaitingAnswer.set(call.frame.id, call);
      if (!call.parts) {
        socket.send(call.text);
        continue;
      }
      sendingParts = call;
      sendParts(call);
    }
  }

  const onPartReceived = (id: number, index: number) => {
    const call = awaitingAnswer.get(id);
    if (!call?.parts) return;
    call.partsReceived = Math.max(call.partsReceived, index + 1);
    const allReceived = call.partsReceived === call.parts.length;
    armTimer(call, allReceived ? callTimeoutMs * (1 + call.parts.length / PARTS_PER_EXTRA_TIMEOUT) : callTimeoutMs);
    call.onProgress?.(call.partsReceived / call.parts.length);
    if (sendingParts === call) sendParts(call);
  };

  /** What a call cut off by the connection closing is told. */
  const cutOff = (call: QueuedCall, closeCode: number) => {
    const why = CLOSED_BECAUSE[closeCode] ?? 'the connection to the engine dropped';
    const ran = call.parts && call.partsSent < call.parts.length ? 'it did not run' : 'the call may or may not have run';
    return `${why} before it answered; ${ran}.`;
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
    if (frame.type === 'partReceived') return onPartReceived(frame.id, frame.index);
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
      sendWaiting();
    };
    ws.onmessage = (event) => onFrame(event.data);
    ws.onclose = (event?: { code?: number; reason?: string }) => {
      if (socket !== ws) return;
      socket = null;
      const closeCode = event?.code ?? 0;
      if (closeCode === CLOSE_CODES.signedOut) return signedOut(event?.reason ?? '');
      if (CLOSED_BECAUSE[closeCode]) console.warn(`casebridge: ${CLOSED_BECAUSE[closeCode]} (close code ${closeCode}).`);
      failAll(awaitingAnswer.values(), (call) => cutOff(call, closeCode));
      if (closed) return;
      failedConnects++;
      if (everOpened) setState('reconnecting');
      else if (failedConnects >= failuresBeforeUnauthorised) {
        setState('unauthorised');
        failAll(waitingToSend, () => 'this console has no session with the engine.');
      }
      // Keep trying even when refused: a host restarted with the same --token will take us back.
      scheduleReconnect();
    };
  }

  /** The session is over: every call fails in words, nothing reconnects, and the console is told why. */
  function signedOut(reason: string) {
    closed = true;
    clearTimeout(retryTimer);
    failAll([...waitingToSend, ...awaitingAnswer.values()], (call) => cutOff(call, CLOSE_CODES.signedOut));
    setState('unauthorised');
    options.onSignedOut?.(reason.trim() || 'your session ended.');
  }

  connect();

  return {
    kind: 'websocket',
    get state() {
      return state;
    },
    request(name: CallName, input: unknown, callOptions?: CallOptions) {
      return new Promise<CallResult<never>>((resolve, reject) => {
        if (state === 'unauthorised' || closed) {
          reject(new ContractCallError(name, 'not_connected', 'this console has no session with the engine.'));
          return;
        }
        // Always an object: JSON would drop an undefined input, and the schemas default `{}`.
        const frame: CallFrame = { type: 'call', id: nextId++, name, input: input ?? {} };
        const encoded = encode(frame);
        if ('problem' in encoded) {
          reject(new ContractCallError(name, 'invalid_input', `it was not sent: ${encoded.problem}.`));
          return;
        }
        const call: QueuedCall = {
          frame,
          text: encoded.text,
          ...(encoded.text.length > PART_CHARS ? { parts: splitCallText(encoded.text) } : {}),
          partsSent: 0,
          partsReceived: 0,
          onProgress: callOptions?.onProgress,
          resolve: resolve as (result: CallResult<unknown>) => void,
          reject,
        };
        armTimer(call);
        waitingToSend.add(call);
        // While (re)connecting, calls wait for the socket to open, within their own timeout.
        sendWaiting();
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
      failAll([...waitingToSend, ...awaitingAnswer.values()], () => 'the console closed its connection.');
    },
  };
}
