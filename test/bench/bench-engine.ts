/**
 * What the benchmarks share: a real engine on a data folder, as the headless host builds it (the
 * system clock, secrets in an owner-only file).
 */
import { join } from 'node:path';
import { systemClock } from '../../electron/engine/clock';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { createFileSecretStore, ownerOnlyFileCipher } from '../../electron/engine/secrets';

export function benchEngine(dataDir: string, options: { startWorkers?: boolean } = {}): Engine {
  return createEngine({
    dataDir,
    host: 'headless',
    version: 'bench',
    clock: systemClock(),
    secrets: createFileSecretStore(join(dataDir, 'secrets.json'), ownerOnlyFileCipher),
    ...options,
  });
}
