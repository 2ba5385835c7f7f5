/**
 * The built preload must load in Electron's sandbox, where `require` knows only 'electron'. Run the
 * real bundle in a context that offers nothing else, and check the bridge it exposes.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { CALL_NAMES } from '../../shared/contract';

const PRELOAD = resolve(import.meta.dirname, '../../out/preload/index.cjs');

test('the built preload needs nothing but electron and exposes one method per call', async () => {
  const exposed: Record<string, unknown> = {};
  const invoked: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, value: 'answer' };
      },
      on: () => {},
      removeListener: () => {},
    },
  };
  const sandboxRequire = (id: string) => {
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(PRELOAD, 'utf8'), { require: sandboxRequire, module, exports: module.exports, console });

  const bridge = exposed.casebridge as Record<string, (input?: unknown) => Promise<unknown>>;
  expect(Object.keys(exposed)).toEqual(['casebridge']);
  expect(Object.keys(bridge).sort()).toEqual([...CALL_NAMES, 'on'].sort());
  expect(await bridge.getAppInfo!({})).toEqual({ ok: true, value: 'answer' });
  expect(invoked).toEqual([['casebridge:call:getAppInfo', {}]]);
});
