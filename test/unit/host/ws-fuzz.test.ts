/**
 * Fuzzes the headless host's WebSocket with what a broken or hostile console might send: random
 * text and JSON, call-shaped frames with random fields, valid call names with wrong inputs, huge
 * strings, deep nesting, binary frames, text frames that are not UTF-8, and runs of parts.
 *
 * Against a real host and a real engine in this process, so anything that escapes (an uncaught
 * exception, an unhandled rejection) fails the run. Properties, for every frame:
 * - with an id the host can answer, it is answered with that id, and a refusal says what is
 *   wrong and where;
 * - without one, that console's connection is closed with a protocol close code (and a reason,
 *   where the host chooses the code);
 * - a second console connected the whole time still gets answers and events.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { calls, isCallName } from '../../../shared/contract';
import { ClientFrameSchema, CLOSE_CODES, MAX_FRAME_BYTES, type ServerFrame } from '../../../shared/wire';
import { callNameArb, depthArb, FUZZ_SEED, hugeStringArb, jsonInputArb, nestedJson } from '../../support/boundary-arbitraries';
import { collectFrames, openConsoleSocket, until, type Closed } from '../../support/console-socket';
import { startTestEngine, type TestEngine } from '../../support/engine';

let t: TestEngine;
let host: RunningHost;
let bystander: WebSocket;
let bystanderGot: ServerFrame[];

beforeAll(async () => {
  t = startTestEngine();
  host = await startHost({ engine: t.engine, rendererDir: join(t.dataDir, 'no-renderer'), host: '127.0.0.1', port: 0 });
  bystander = await openConsoleSocket(host);
  bystanderGot = collectFrames(bystander);
});
afterAll(async () => {
  bystander.close();
  await host.close();
  await t.dispose();
});

/** One WebSocket message: text (as a string, or as raw bytes that may not be UTF-8) or binary. */
type Message = { text: string } | { textBytes: Uint8Array } | { binary: Uint8Array };

const json = (value: unknown) => JSON.stringify(value) ?? 'null';
const callText = (id: unknown, name: unknown, inputText: string | undefined) =>
  `{"type":"call","id":${json(id)},"name":${json(name)}${inputText === undefined ? '' : `,"input":${inputText}`}}`;

const idArb = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 1_000_000 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: -1 }), fc.double(), fc.string({ maxLength: 5 }), fc.constant(null), fc.constant(2 ** 60)) },
);
const inputTextArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: jsonInputArb.map((input) => JSON.stringify(input)) },
  { weight: 1, arbitrary: depthArb.map(({ depth, kind }) => nestedJson(depth, kind)) },
);

/** A run of parts: a call cut at random places, sometimes damaged (reordered, renumbered, cut short, wrong length). */
const partsArb: fc.Arbitrary<Message[]> = fc
  .record({
    id: fc.nat({ max: 50 }),
    name: callNameArb,
    input: fc.jsonValue(),
    cuts: fc.uniqueArray(fc.nat({ max: 400 }), { minLength: 1, maxLength: 4 }),
    damage: fc.constantFrom('none', 'swap', 'drop', 'count', 'length', 'id', 'index'),
  })
  .map(({ id, name, input, cuts, damage }) => {
    const text = callText(id, name, JSON.stringify(input));
    const at = [...new Set(cuts.map((c) => 1 + (c % Math.max(1, text.length - 1))))].sort((a, b) => a - b);
    const pieces = [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length)).filter((p) => p.length > 0);
    const parts = pieces.map((piece, index) => ({ type: 'part', id, index, count: pieces.length, length: text.length, text: piece }) as Record<string, unknown>);
    const last = parts.length - 1;
    if (damage === 'swap' && last > 0) [parts[0], parts[last]] = [parts[last]!, parts[0]!];
    if (damage === 'drop' && last > 0) parts.splice(1, 1);
    if (damage === 'count') parts[last]!.count = (parts[last]!.count as number) + 1;
    if (damage === 'length') parts[last]!.length = text.length + 7;
    if (damage === 'id') parts[last]!.id = id + 1;
    if (damage === 'index') parts[last]!.index = 99;
    return parts.map((p) => ({ text: JSON.stringify(p) }));
  });

const messagesArb: fc.Arbitrary<Message[]> = fc
  .array(
    fc.oneof(
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => [{ text }]) },
      { weight: 2, arbitrary: fc.jsonValue().map((value) => [{ text: JSON.stringify(value) }]) },
      {
        weight: 3,
        arbitrary: fc
          .record(
            { type: fc.oneof(fc.constantFrom('call', 'part', 'result'), fc.string({ maxLength: 6 })), id: idArb, name: callNameArb, input: fc.jsonValue(), extra: fc.jsonValue() },
            { requiredKeys: [] },
          )
          .map((frame) => [{ text: JSON.stringify(frame) }]),
      },
      { weight: 6, arbitrary: fc.tuple(fc.nat({ max: 1_000_000 }), callNameArb, inputTextArb).map(([id, name, input]) => [{ text: callText(id, name, input) }]) },
      { weight: 1, arbitrary: fc.tuple(fc.nat(), hugeStringArb).map(([id, huge]) => [{ text: callText(id, 'importTemplate', JSON.stringify({ content: huge })) }]) },
      { weight: 1, arbitrary: depthArb.map(({ depth, kind }) => [{ text: nestedJson(depth, kind) }]) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((binary) => [{ binary }]) },
      { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((textBytes) => [{ textBytes }]) },
      { weight: 3, arbitrary: partsArb },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((runs) => runs.flat());

/** What the host must do with one message, worked out from the wire's rules, not the host's code. */
type Answered = { answerTo: number; frameError?: boolean; callName?: string };
type Expected = { closeWith: number[] } | Answered;

function expected(message: Message): Expected {
  if ('binary' in message) return { closeWith: [CLOSE_CODES.unsupportedData] };
  let text: string;
  if ('textBytes' in message) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(message.textBytes);
    } catch {
      return { closeWith: [CLOSE_CODES.invalidData] };
    }
  } else text = message.text;
  if (Buffer.byteLength(text) > MAX_FRAME_BYTES) return { closeWith: [CLOSE_CODES.messageTooBig] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { closeWith: [CLOSE_CODES.policyViolation] };
  }
  const frame = ClientFrameSchema.safeParse(value);
  if (frame.success) return { answerTo: frame.data.id, ...(frame.data.type === 'call' ? { callName: frame.data.name } : {}) };
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof value === 'object' && value !== null && typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return { answerTo: id, frameError: true };
  return { closeWith: [CLOSE_CODES.policyViolation] };
}

type Result = Extract<ServerFrame, { type: 'result' }>;

/** A refusal says what is wrong and where: the frame or the call, and the path of each issue. */
function checkRefusal(result: Result, sent: Answered, input: unknown) {
  if (result.result.ok) return;
  const { code, message, issues } = result.result.error;
  expect(message.length, message).toBeGreaterThan(10);
  expect(issues?.every((issue) => issue.message.length > 0) ?? true).toBe(true);
  const named = (issue: { path: string }) => !issue.path || message.includes(`${issue.path}: `);
  if (sent.frameError) {
    expect(message).toMatch(/^The call frame is not valid \(.+\)\.$/s);
    expect(issues?.every(named)).toBe(true);
  } else if (sent.callName !== undefined && !isCallName(sent.callName)) {
    expect(code).toBe('unknown_call');
    expect(message).toMatch(/^There is no call named /);
  } else if (sent.callName !== undefined && isCallName(sent.callName) && !calls[sent.callName].input.safeParse(input).success) {
    expect(code).toBe('invalid_input');
    expect(message.startsWith(`${sent.callName}: the input is not valid (`), message).toBe(true);
    expect(issues?.every(named)).toBe(true);
  }
}

let bystanderCalls = 0;
async function bystanderStillServed() {
  const id = 1_000_000_000 + ++bystanderCalls;
  bystander.send(JSON.stringify({ type: 'call', id, name: 'getPreferences', input: {} }));
  await until(() => bystanderGot.find((f) => f.type === 'result' && f.id === id && f.result.ok), `the bystander's answer ${id}`);
  const marker = `fuzz event ${id}`;
  t.engine.log.write({ level: 'info', source: 'cases', message: marker });
  await until(() => bystanderGot.find((f) => f.type === 'event' && (f.payload as { message?: string }).message === marker), 'the event pushed to the bystander');
  bystanderGot.length = 0;
}

it('answers or closes every frame a console sends, and serves the other console throughout', async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(messagesArb, async (messages) => {
      runs++;
      const ws = await openConsoleSocket(host);
      const got = collectFrames(ws);
      let closed: Closed | undefined;
      ws.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
      try {
        for (const message of messages) {
          const sent = expected(message);
          const before = got.length;
          if ('binary' in message) ws.send(message.binary, { binary: true });
          else if ('textBytes' in message) ws.send(Buffer.from(message.textBytes), { binary: false });
          else ws.send(message.text);

          if ('closeWith' in sent) {
            const close = await until(() => closed, `the connection closed (expected ${sent.closeWith.join(' or ')})`);
            expect(sent.closeWith).toContain(close.code);
            // The host words its own closes; `ws` closes for frame-level faults (1007, 1009) without words.
            if (close.code === CLOSE_CODES.policyViolation || close.code === CLOSE_CODES.unsupportedData) expect(close.reason.length).toBeGreaterThan(10);
            break;
          }
          const answer = await until(() => got.slice(before).find((f) => f.type !== 'event' && f.id === sent.answerTo), `an answer to id ${sent.answerTo}`);
          if (answer.type === 'result') {
            const input = 'text' in message ? (JSON.parse(message.text) as { input?: unknown }).input : undefined;
            checkRefusal(answer, sent, input);
          }
          expect(closed).toBeUndefined();
        }
      } finally {
        ws.close();
      }
      await bystanderStillServed();
    }),
    { seed: FUZZ_SEED, numRuns: 150 },
  );
  expect(runs).toBe(150);
}, 120_000);
