import { join } from 'node:path';
import type { CallName, CallResult } from '../../shared/contract';
import { dispatchCall } from '../../shared/dispatch';
import { createEngine, type Engine, type EngineOptions } from '../../electron/engine/engine';
import { createFileSecretStore, ownerOnlyFileCipher } from '../../electron/engine/secrets';
import { makeDataDir, removeDataDir } from './host-process';
import { fakeClock, type FakeClock } from './fake-clock';

export interface TestEngine {
  engine: Engine;
  clock: FakeClock;
  dataDir: string;
  /** Closes the engine and removes its data folder. */
  dispose(): Promise<void>;
}

/** A real engine on a fresh data folder, with a fake clock. */
export function startTestEngine(overrides: Partial<EngineOptions> = {}): TestEngine {
  const dataDir = overrides.dataDir ?? makeDataDir();
  const clock = fakeClock();
  const engine = createEngine({
    dataDir,
    host: 'headless',
    version: '0.0.0-test',
    clock,
    secrets: createFileSecretStore(join(dataDir, 'secrets.json'), ownerOnlyFileCipher),
    // On a fake clock the workers would spin; tests run them with engine.jobs.runUntilIdle().
    startWorkers: false,
    ...overrides,
  });
  return {
    engine,
    clock,
    dataDir,
    async dispose() {
      await engine.close();
      removeDataDir(dataDir);
    },
  };
}

/**
 * Calls a test engine's contract as a console would (through dispatch, input checked): `call`
 * answers the result, `value` the value or throws naming the call that was refused.
 */
export function contractCallsOf(current: () => TestEngine) {
  const call = (name: CallName, input?: unknown) => dispatchCall(current().engine.handlers, name, input, current().engine.localCaller) as Promise<CallResult<any>>;
  const value = async (name: CallName, input?: unknown) => {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
    return result.value;
  };
  return { call, value };
}
