/**
 * What a hostile or broken console might send across the engine's boundary (the host's WebSocket,
 * Electron IPC), for fuzz tests: random call names and input shapes, valid names with wrong
 * shapes, huge strings and deep nesting.
 */
import fc from 'fast-check';
import { CALL_NAMES } from '../../shared/contract';

/** Fixed, so a failure found once is found again; change it to explore further. */
export const FUZZ_SEED = 20_260_612;

/** A name the contract has, or anything else a console might send as one. */
export const callNameArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CALL_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 120 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'getAppInfo ') },
);

/** Arrays or objects nested `depth` deep, built without recursion (as JSON.parse would hand them over). */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** The same, as JSON text (JSON.stringify itself recurses, and would overflow first). */
export function nestedJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}0${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
}

export const depthArb = fc.record({ depth: fc.integer({ min: 1_000, max: 20_000 }), kind: fc.constantFrom('array' as const, 'object' as const) });

/**
 * A long string of one character; around the WebSocket's 1 MiB frame limit once JSON-escaped and
 * UTF-8 encoded (a control character is 6 bytes, `é` 2, an emoji 4 for 2 characters).
 */
export const hugeStringArb = fc
  .record({ length: fc.integer({ min: 100_000, max: 1_100_000 }), char: fc.constantFrom('x', 'é', '"', '\\', '\u0000', '🚮') })
  .map(({ length, char }) => char.repeat(Math.ceil(length / char.length)));

/** An input of any shape a console could send as JSON, with now and then a huge string (or deep nesting inside one). */
export const jsonInputArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.jsonValue() },
  { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue(), { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.record({
      content: fc.oneof(
        hugeStringArb,
        depthArb.map(({ depth, kind }) => nestedJson(depth, kind)),
      ),
    }),
  },
);

/** Arrays or objects 1,000 to 20,000 levels deep. */
export const deepValueArb: fc.Arbitrary<unknown> = depthArb.map(({ depth, kind }) => nested(depth, kind));
