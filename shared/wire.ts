/**
 * Frames of the headless host's WebSocket: the renderer sends `call`, the host answers `result`
 * with the same id and pushes `event`. Both ends parse what they receive with these schemas.
 */
import { z } from 'zod';

export const CallFrameSchema = z
  // JSON drops an undefined input, so `input` may be absent: the call's own schema decides.
  .object({ type: z.literal('call'), id: z.number().int().nonnegative(), name: z.string().max(100), input: z.unknown().optional() })
  .strict();
export type CallFrame = z.infer<typeof CallFrameSchema>;

const ContractErrorSchema = z.object({
  code: z.enum(['invalid_input', 'unknown_call', 'forbidden', 'failed']),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: z.number().int().nonnegative(),
    result: z.union([
      // A `void` call answers `{ok: true}`: JSON drops an undefined value.
      z.object({ ok: z.literal(true), value: z.unknown().optional() }),
      z.object({ ok: z.literal(false), error: ContractErrorSchema }),
    ]),
  }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** The largest frame either end accepts. */
export const MAX_FRAME_BYTES = 1_048_576;
