import { join } from 'node:path';
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
