/**
 * The contract over a WebSocket: the generic binder for the headless host. Each `call` frame is
 * parsed and run by the shared dispatcher; every engine event is pushed to every open console.
 */
import type { WebSocket, WebSocketServer } from 'ws';
import { describeIssues, dispatchCall, fail, issuesOf } from '../../shared/dispatch';
import { CallFrameSchema, MAX_FRAME_BYTES, type ServerFrame } from '../../shared/wire';
import type { Engine } from '../engine/engine';

export function bindWebSocket(wss: WebSocketServer, engine: Pick<Engine, 'handlers' | 'onAnyEvent'>): () => void {
  const send = (socket: WebSocket, frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  wss.on('connection', (socket) => {
    socket.on('message', async (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = undefined;
      }
      const parsed = CallFrameSchema.safeParse(frame);
      if (!parsed.success) {
        const id = (frame as { id?: unknown } | undefined)?.id;
        if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
          // A malformed call that can still be answered: answer it, keep the other calls alive.
          const issues = issuesOf(parsed.error);
          send(socket, { type: 'result', id, result: fail('invalid_input', `The call frame is not valid (${describeIssues(issues)}).`, issues) });
        } else {
          // Without an id there is no call to answer: close, as a protocol error.
          socket.close(1008, 'Expected a JSON call frame {type:"call", id, name, input}.');
        }
        return;
      }
      const { id, name, input } = parsed.data;
      const result = await dispatchCall(engine.handlers, name, input, (call, error) =>
        console.error(`casebridge host: ${call} failed:`, error),
      ).catch((error: unknown) => fail('failed', String(error)));
      send(socket, { type: 'result', id, result });
    });
  });

  return engine.onAnyEvent((name, payload) => {
    const text = JSON.stringify({ type: 'event', name, payload } satisfies ServerFrame);
    for (const socket of wss.clients) if (socket.readyState === socket.OPEN) socket.send(text);
  });
}

export { MAX_FRAME_BYTES };
