/**
 * The arithmetic of shared/call-parts.ts: a part always fits in one frame, the parts join back to
 * the call, and the largest call the contract accepts fits the largest call the host assembles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_CALL_CHARS, MAX_PARTS, PART_CHARS, splitCallText } from '../../../shared/call-parts';
import { CALL_NAMES, calls } from '../../../shared/contract';
import { IMPORT_CASES_MAX_CHARS, IMPORT_FILE_NAME_MAX_CHARS } from '../../../shared/import-limits';
import { MAX_FRAME_BYTES } from '../../../shared/wire';
import { FUZZ_SEED } from '../../support/boundary-arbitraries';

const partFrameBytes = (id: number, index: number, parts: string[], length: number) =>
  Buffer.byteLength(JSON.stringify({ type: 'part', id, index, count: parts.length, length, text: parts[index] }));

/** The text of a call carrying `value` as its input, cut into parts, and the largest part frame in bytes. */
function cut(value: string) {
  const text = JSON.stringify({ type: 'call', id: Number.MAX_SAFE_INTEGER, name: 'importCases', input: { content: value } });
  const parts = splitCallText(text);
  const largest = Math.max(...parts.map((_, i) => partFrameBytes(Number.MAX_SAFE_INTEGER, i, parts, text.length)));
  return { text, parts, largest };
}

describe('cutting a call into parts', () => {
  it('joins back to the call, every part within PART_CHARS, no part ending inside a surrogate pair', () => {
    const longText = fc
      .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 3 * PART_CHARS }))
      .map(([pattern, length]) => JSON.stringify(pattern.repeat(Math.ceil(length / pattern.length))));
    fc.assert(
      fc.property(longText, (text) => {
        const parts = splitCallText(text);
        expect(parts.join('')).toBe(text);
        expect(parts.every((p) => p.length > 0 && p.length <= PART_CHARS)).toBe(true);
        for (const part of parts.slice(0, -1)) expect(part.charCodeAt(part.length - 1) & 0xfc00).not.toBe(0xd800);
        expect(parts.length).toBeLessThanOrEqual(Math.ceil(text.length / (PART_CHARS - 1)));
      }),
      { seed: FUZZ_SEED, numRuns: 60 },
    );
  });

  it.each([
    ['ASCII', 'x'],
    ['quotes, escaped twice over', '"'],
    ['backslashes, escaped twice over', '\\'],
    ['two-byte characters', 'é'],
    ['three-byte characters', '\uffff'],
    ['line separators', '\u2028'],
    ['surrogate pairs', '🚮'],
    ['control characters', '\u0001'],
    ['lone surrogates', '\ud800'],
  ])('keeps every part frame within 1 MiB, even for a call made of %s', (_what, char) => {
    const { largest, parts } = cut(char.repeat(Math.ceil((3 * PART_CHARS) / char.length)));
    expect(parts.length).toBeGreaterThan(1);
    expect(largest).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it('sends a call of up to PART_CHARS characters as one frame within 1 MiB, whatever its characters', () => {
    for (const char of ['x', '"', '\\', 'é', '\uffff', '🚮', '\u0001', '\ud800']) {
      const text = cut(char).text;
      const single = cut(char.repeat(Math.floor((PART_CHARS - text.length) / JSON.stringify(char).length))).text;
      expect(single.length).toBeLessThanOrEqual(PART_CHARS);
      expect(Buffer.byteLength(single)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    }
  });
});

describe('the largest call', () => {
  it('is what the contract accepts at most: 20,000,000 control characters and a 260-character name, escaped, fit MAX_CALL_CHARS', () => {
    const input = { content: '\u0000'.repeat(IMPORT_CASES_MAX_CHARS), fileName: '\u0001'.repeat(IMPORT_FILE_NAME_MAX_CHARS) };
    expect(calls.importCases.input.safeParse(input).success).toBe(true);
    const length = JSON.stringify({ type: 'call', id: Number.MAX_SAFE_INTEGER, name: 'importCases', input }).length;
    expect(length).toBeGreaterThan(6 * IMPORT_CASES_MAX_CHARS);
    expect(length).toBeLessThanOrEqual(MAX_CALL_CHARS);
    expect(Math.ceil(length / (PART_CHARS - 1))).toBeLessThanOrEqual(MAX_PARTS);
  });

  /**
   * The most characters of JSON a value can take under a JSON Schema: Infinity where the schema
   * sets no bound (a string with no maxLength, a record). Strings are bounded in code points, each
   * at most 6 characters of JSON.
   */
  function worstJsonChars(schema: Record<string, unknown>): number {
    const of = (s: unknown) => worstJsonChars(s as Record<string, unknown>);
    const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
    if (union) return Math.max(...union.map(of));
    if (schema.enum) return Math.max(...(schema.enum as unknown[]).map((v) => JSON.stringify(v).length));
    if (schema.const !== undefined) return JSON.stringify(schema.const).length;
    switch (schema.type) {
      case 'string':
        return typeof schema.maxLength === 'number' ? 6 * schema.maxLength + 2 : Infinity;
      case 'number':
      case 'integer':
        return 24; // -1.7976931348623157e+308
      case 'boolean':
        return 5;
      case 'null':
        return 4;
      case 'array':
        return typeof schema.maxItems === 'number' ? 2 + schema.maxItems * (of(schema.items) + 1) : Infinity;
      case 'object': {
        if (schema.additionalProperties !== false) return Infinity;
        const properties = Object.entries((schema.properties ?? {}) as Record<string, unknown>);
        return 2 + properties.reduce((n, [key, value]) => n + JSON.stringify(key).length + 2 + of(value), 0);
      }
      default:
        return Infinity;
    }
  }

  it('is importCases: every other call the schemas bound is smaller; the ones they cannot bound are known', () => {
    const worst = Object.fromEntries(
      CALL_NAMES.map((name) => [name, worstJsonChars(z.toJSONSchema(calls[name].input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>)]),
    );
    expect(worst.importCases).toBeLessThanOrEqual(MAX_CALL_CHARS);
    for (const name of CALL_NAMES) if (Number.isFinite(worst[name]!)) expect(worst[name], name).toBeLessThanOrEqual(worst.importCases!);
    // Bounded by refinements JSON Schema cannot show (dates, time zones, addresses, row ids), or,
    // for a case's fields, dates and references, by nothing but MAX_CALL_CHARS itself (a larger
    // call is refused by the console before it is sent, and by the host, saying so).
    expect(CALL_NAMES.filter((name) => !Number.isFinite(worst[name]!))).toEqual([
      'queryLog',
      'countLog',
      'exportLog',
      'queryAccessAudit',
      'exportAccessAudit',
      'saveTascomiSettings',
      'testTascomiConnection',
      'checkTascomiAccess',
      'confirmTascomiWriteAccess',
      'saveCivicaCxSettings',
      'cancelWorksOrder',
      'saveTemplate',
      'saveIntakeSettings',
      'previewTemplate',
      'submitCase',
    ]);
  });
});
