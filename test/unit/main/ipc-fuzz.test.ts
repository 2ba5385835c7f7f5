/**
 * Fuzzes the Electron IPC binding (electron/main/ipc.ts, on a fake ipcMain) with what a broken
 * renderer might send through the preload: every call name with inputs of any shape structured
 * clone can carry (Maps, Dates, BigInts, typed arrays, sparse arrays), huge strings and deep
 * nesting, from the console's frame or another. Against a real engine. Properties: the binding
 * never throws across IPC, every call answers the envelope, and a refusal says what is wrong and
 * where (the call, and each issue's path).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bindIpc } from '../../../electron/main/ipc';
import { isAllowedSender } from '../../../electron/main/security';
import { CALL_NAMES, calls, ipcCallChannel, type CallResult } from '../../../shared/contract';
import { deepValueArb, FUZZ_SEED, jsonInputArb, nested, nestedJson } from '../../support/boundary-arbitraries';
import { startTestEngine, type TestEngine } from '../../support/engine';
import { fakeIpcMain, RENDERER_URL } from '../../support/fake-ipc-main';

let t: TestEngine;
const ipcMain = fakeIpcMain();
const onUnexpected = vi.fn();

beforeAll(() => {
  t = startTestEngine();
  bindIpc(ipcMain, t.engine.handlers, t.engine.localCaller, (url) => isAllowedSender(url, { rendererFileUrl: RENDERER_URL }), { onUnexpected });
});
afterAll(async () => {
  await t.dispose();
});

const structuredCloneableArb = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
});
const inputArb = fc.oneof({ weight: 4, arbitrary: jsonInputArb }, { weight: 4, arbitrary: structuredCloneableArb }, { weight: 1, arbitrary: deepValueArb });
const frameUrlArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | null>(RENDERER_URL) },
  { weight: 1, arbitrary: fc.constantFrom<string | null>(null, 'https://evil.example/', 'file:///app/out/renderer-evil/index.html') },
);

function checkEnvelope(result: CallResult<unknown>) {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) return;
  expect(['invalid_input', 'unknown_call', 'forbidden', 'failed']).toContain(result.error.code);
  expect(result.error.message.length, result.error.message).toBeGreaterThan(10);
}

describe('the IPC binding, fuzzed', () => {
  it('answers every call with the envelope, never throws, and names what is wrong and where', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CALL_NAMES), inputArb, frameUrlArb, async (name, input, frameUrl) => {
        const result = await ipcMain.invoke(ipcCallChannel(name), input, frameUrl);
        checkEnvelope(result);
        if (frameUrl !== RENDERER_URL) {
          expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
          return;
        }
        if (calls[name].input.safeParse(input).success || result.ok) return;
        expect(result.error.code).toBe('invalid_input');
        expect(result.error.message.startsWith(`${name}: the input is not valid (`), result.error.message).toBe(true);
        for (const issue of result.error.issues ?? []) if (issue.path) expect(result.error.message).toContain(`${issue.path}: `);
      }),
      { seed: FUZZ_SEED, numRuns: 400 },
    );
  }, 60_000);

  it('answers 10,000 levels of nesting, in every call, as an invalid input rather than overflowing the stack', async () => {
    for (const name of CALL_NAMES) {
      for (const kind of ['array', 'object'] as const) {
        const result = await ipcMain.invoke(ipcCallChannel(name), nested(10_000, kind));
        expect(result, name).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(new RegExp(`^${name}: `)) } });
      }
    }
  });

  it('refuses a file nested 10,000 deep as a file, not with a stack overflow', async () => {
    for (const kind of ['array', 'object'] as const) {
      const content = nestedJson(10_000, kind);
      const cases = await ipcMain.invoke(ipcCallChannel('importCases'), { content, fileName: 'deep.json' });
      expect(cases).toMatchObject({
        ok: true,
        value: [{ index: 0, outcome: 'invalid', issues: expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]) }],
      });
      const template = await ipcMain.invoke(ipcCallChannel('importTemplate'), { content });
      expect(template).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^The template file is not valid: /) } });
    }
  });

  it('answers an input that cannot even be read with a clear refusal, not a throw across IPC', async () => {
    // Structured clone never delivers a getter; the dispatcher must not depend on that.
    const unreadable = Object.defineProperty({}, 'limit', {
      enumerable: true,
      get() {
        throw new RangeError('Maximum call stack size exceeded');
      },
    });
    const result = await ipcMain.invoke(ipcCallChannel('listRecentLog'), unreadable);
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'listRecentLog: the input could not be checked (Maximum call stack size exceeded): is it nested too deeply?' },
    });
  });
});
