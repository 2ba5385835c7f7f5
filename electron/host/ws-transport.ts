/**
 * The contract over a WebSocket: the generic binder for the headless host. Each `call` frame (or
 * a large call's parts, put back together) is run by the shared dispatcher; every engine event is
 * pushed to every open console. Whatever one console sends, the others and the host carry on:
 * a bad frame with an id is answered, one without is a protocol error that closes that socket.
 */
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { describeIssues, dispatchCall, fail, issuesOf } from '../../shared/dispatch';
import type { CallResult } from '../../shared/contract';
import type { LogLevel } from '../../shared/domain/log-entry';
import type { Caller } from '../../shared/domain/people';
import { CallFrameSchema, ClientFrameSchema, CLOSE_CODES, type ServerFrame } from '../../shared/wire';
import type { Engine } from '../engine/engine';
import { createAssemblyBudget, createCallAssembly, DEFAULT_ASSEMBLY_BUDGET_CHARS } from './call-assembly';
import { socketProblem } from './socket-problems';

export interface BindWebSocketOptions {
  /** Where the host tells what happened to a connection (the engine log, source 'host'). */
  report(level: LogLevel, message: string): void;
  assemblyBudgetChars?: number;
  /**
   * Who a socket's calls are made by, asked afresh for each call (a signed-in person's role can
   * change, their session end); null closes the socket. Absent: the person at the desk.
   */
  callerFor?(socket: WebSocket): Caller | null;
}

const NOT_A_FRAME = 'Expected a JSON call frame {type:"call", id, name, input}, or a part of one.';

/** The id of something that failed to parse as a frame, when it has one that can be answered. */
function answerableId(json: unknown): number | undefined {
  const id = typeof json === 'object' && json !== null ? (json as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

export function bindWebSocket(wss: WebSocketServer, engine: Pick<Engine, 'handlers' | 'onAnyEvent' | 'localCaller'>, options: BindWebSocketOptions): () => void {
  const budget = createAssemblyBudget(options.assemblyBudgetChars ?? DEFAULT_ASSEMBLY_BUDGET_CHARS);

  const send = (socket: WebSocket, frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (error) {
      // A handler's answer that JSON cannot write (nested too deeply): the caller still hears.
      if (frame.type !== 'result') throw error;
      text = JSON.stringify({ ...frame, result: fail('failed', `The engine's answer could not be sent: ${(error as Error).message}.`) });
    }
    socket.send(text);
  };
  const answer = (socket: WebSocket, id: number, result: CallResult<unknown>) => send(socket, { type: 'result', id, result });
  const closeFor = (socket: WebSocket, code: number, reason: string) => {
    options.report('warn', `A console's connection was closed: ${reason} (close code ${code}).`);
    socket.close(code, reason);
  };

  const run = async (socket: WebSocket, id: number, name: string, input: unknown) => {
    // A session that has ended has had its socket closed, with the reason, by callerFor.
    const caller = options.callerFor ? options.callerFor(socket) : engine.localCaller;
    if (!caller) return;
    const result = await dispatchCall(engine.handlers, name, input, caller, (call, error) => console.error(`casebridge host: ${call} failed:`, error));
    answer(socket, id, result);
  };

  /** A large call's text, put back together: the same checks as a call that came in one frame. */
  const runJoined = (socket: WebSocket, partsId: number, text: string) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return answer(socket, partsId, fail('invalid_input', `Call ${partsId}: its parts do not join into JSON (${(error as Error).message}).`));
    }
    const frame = CallFrameSchema.safeParse(json);
    if (!frame.success) {
      const issues = issuesOf(frame.error);
      return answer(socket, partsId, fail('invalid_input', `Call ${partsId}: its parts do not join into a call frame (${describeIssues(issues)}).`, issues));
    }
    if (frame.data.id !== partsId) {
      return answer(socket, partsId, fail('invalid_input', `Call ${partsId}: its parts join into a call frame with id ${frame.data.id}.`));
    }
    return run(socket, partsId, frame.data.name, frame.data.input);
  };

  wss.on('connection', (socket) => {
    const assembly = createCallAssembly(budget, (id, message) => answer(socket, id, fail('invalid_input', message)));

    const receive = async (data: RawData, isBinary: boolean) => {
      if (isBinary) return closeFor(socket, CLOSE_CODES.unsupportedData, 'Binary frames are not accepted: send JSON text.');
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        return closeFor(socket, CLOSE_CODES.policyViolation, NOT_A_FRAME);
      }
      const parsed = ClientFrameSchema.safeParse(json);
      if (!parsed.success) {
        const id = answerableId(json);
        // Without an id there is no call to answer: close, as a protocol error.
        if (id === undefined) return closeFor(socket, CLOSE_CODES.policyViolation, NOT_A_FRAME);
        // A malformed call that can still be answered: answer it, keep the other calls alive.
        const issues = issuesOf(parsed.error);
        return answer(socket, id, fail('invalid_input', `The call frame is not valid (${describeIssues(issues)}).`, issues));
      }
      const frame = parsed.data;
      if (frame.type === 'call') return run(socket, frame.id, frame.name, frame.input);
      const outcome = assembly.accept(frame);
      if (outcome.kind === 'refused') return answer(socket, outcome.id, fail(outcome.code, outcome.message));
      // The last part too, before the call runs: the console can say "sent" while the engine works.
      send(socket, { type: 'partReceived', id: frame.id, index: frame.index });
      if (outcome.kind === 'complete') return runJoined(socket, frame.id, outcome.text);
    };

    socket.on('message', (data, isBinary) => {
      receive(data, isBinary).catch((error: unknown) => {
        // Not expected (dispatch answers every failure itself): this connection only, and said.
        options.report('error', `A console's message could not be handled: ${error instanceof Error ? error.message : String(error)}`);
        if (socket.readyState === socket.OPEN) socket.close(CLOSE_CODES.internalError, 'The host failed to handle a message.');
      });
    });
    // `ws` has already begun closing with the matching code; without a listener this would end the host.
    socket.on('error', (error) => {
      const problem = socketProblem(error);
      options.report('warn', `A console's connection was closed: ${problem.words} (close code ${problem.closeCode}).`);
      if (socket.readyState === socket.OPEN) socket.close(problem.closeCode);
    });
    socket.on('close', () => assembly.drop());
  });

  return engine.onAnyEvent((name, payload) => {
    const text = JSON.stringify({ type: 'event', name, payload } satisfies ServerFrame);
    for (const socket of wss.clients) if (socket.readyState === socket.OPEN) socket.send(text);
  });
}
