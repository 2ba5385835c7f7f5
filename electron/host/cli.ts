/**
 * `npm run serve`: the engine without Electron, its console served to a browser on this machine.
 * Prints `Console: <url>` on a line of its own, and stops cleanly on SIGINT / SIGTERM.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../engine/clock';
import { SECRETS_FILE } from '../engine/data-dir';
import { createEngine } from '../engine/engine';
import { createFileSecretStore, ownerOnlyFileCipher } from '../engine/secrets';
import { isLoopbackHost } from '../../shared/network';
import { HOST_USAGE, parseHostArgs } from './args';
import { startHost } from './server';

async function main(): Promise<void> {
  let args;
  try {
    args = parseHostArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`casebridge: ${(error as Error).message}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(HOST_USAGE);
    return;
  }
  const rendererDir = args.rendererDir ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../renderer');
  const engine = createEngine({
    dataDir: args.dataDir,
    host: 'headless',
    version: __CASEBRIDGE_VERSION__,
    clock: systemClock(args.timeZone),
    secrets: createFileSecretStore(join(args.dataDir, SECRETS_FILE), ownerOnlyFileCipher),
  });
  let host;
  try {
    host = await startHost({ engine, rendererDir, host: args.host, port: args.port, token: args.token });
  } catch (error) {
    await engine.close();
    throw error;
  }
  if (!isLoopbackHost(args.host)) {
    console.warn(`casebridge: WARNING: listening on ${args.host}, which other machines can reach. Anyone with the URL below controls this engine.`);
  }
  console.log(`casebridge ${__CASEBRIDGE_VERSION__} headless host; data in ${args.dataDir}`);
  console.log(`Console: ${host.consoleUrl}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`casebridge: ${signal} received, stopping.`);
    await host.close();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`casebridge: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
