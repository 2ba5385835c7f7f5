/**
 * Frames of the headless host's WebSocket: the renderer sends `call` (or, for a call too large for
 * one frame, its `part`s: shared/call-parts.ts), the host answers `result` with the same id,
 * acknowledges each part it takes with `partReceived`, and pushes `event`. Both ends parse
 * what they receive with these schemas.
 */
import { z } from 'zod';

const CallId = z.number().int().nonnegative();

export const CallFrameSchema = z
  // JSON drops an undefined input, so `input` may be absent: the call's own schema decides.
  .object({ type: z.literal('call'), id: CallId, name: z.string().max(100), input: z.unknown().optional() })
  .strict();
export type CallFrame = z.infer<typeof CallFrameSchema>;

/**
 * One numbered piece of a call frame's JSON text. Every part repeats how many parts there are and
 * how long the whole text is, so the host can check each against the first. The bounds on those
 * numbers (and the text's length) are checked where the call is put back together, to say which
 * limit was passed.
 */
export const PartFrameSchema = z
  .object({
    type: z.literal('part'),
    id: CallId,
    index: z.number().int().nonnegative(),
    count: z.number().int().min(2),
    length: z.number().int().positive(),
    text: z.string().min(1),
  })
  .strict();
export type PartFrame = z.infer<typeof PartFrameSchema>;

export const ClientFrameSchema = z.discriminatedUnion('type', [CallFrameSchema, PartFrameSchema]);

const ContractErrorSchema = z.object({
  code: z.enum(['invalid_input', 'unknown_call', 'forbidden', 'failed']),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: CallId,
    result: z.union([
      // A `void` call answers `{ok: true}`: JSON drops an undefined value.
      z.object({ ok: z.literal(true), value: z.unknown().optional() }),
      z.object({ ok: z.literal(false), error: ContractErrorSchema }),
    ]),
  }),
  z.object({ type: z.literal('partReceived'), id: CallId, index: z.number().int().nonnegative() }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** The largest frame either end accepts (the host closes a connection that sends more, with 1009). */
export const MAX_FRAME_BYTES = 1_048_576;

/** Close codes the host uses (RFC 6455, 7.4.1), so the console can say why it was cut off. */
export const CLOSE_CODES = {
  /** A frame that is not a call: not JSON, or no id to answer. */
  policyViolation: 1008,
  /** A binary frame: the contract is JSON text. */
  unsupportedData: 1003,
  /** A text frame that is not UTF-8. */
  invalidData: 1007,
  /** A frame over MAX_FRAME_BYTES. */
  messageTooBig: 1009,
  /** The WebSocket protocol itself was broken (a bad opcode, an unmasked frame). */
  protocolError: 1002,
  /** The host failed in a way it did not expect. */
  internalError: 1011,
  /**
   * The person's session ended (signed out, here or everywhere; timed out; the account disabled or
   * its password reset): the close reason says which, and the console goes back to sign-in.
   */
  signedOut: 4401,
} as const;
