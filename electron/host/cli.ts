/**
 * `npm run serve`: the engine without Electron, its console served to a browser on this machine.
 * Prints `Console: <url>` on a line of its own, and stops cleanly on SIGINT / SIGTERM.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../engine/clock';
import { SECRETS_FILE } from '../engine/data-dir';
import { startDemo, type Demo } from '../demo/demo';
import { createEngine } from '../engine/engine';
import { createFileSecretStore, ownerOnlyFileCipher } from '../engine/secrets';
import { isLoopbackHost } from '../../shared/loopback';
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
  const clock = systemClock(args.timeZone);
  const engine = createEngine({
    dataDir: args.dataDir,
    host: 'headless',
    version: __CASEBRIDGE_VERSION__,
    clock,
    secrets: createFileSecretStore(join(args.dataDir, SECRETS_FILE), ownerOnlyFileCipher),
    ...(args.demo ? { demo: { tascomiUrl: args.demo.tascomiUrl } } : {}),
  });
  let host;
  try {
    host = await startHost({ engine, rendererDir, host: args.host, port: args.port, token: args.token });
  } catch (error) {
    await engine.close();
    throw error;
  }
  const running = host;

  let demo: Demo | undefined;
  let stopping = false;
  const stop = async (why: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`casebridge: ${why}, stopping.`);
    try {
      demo?.stop();
      await running.close();
      await engine.close();
    } catch (error) {
      console.error('casebridge: could not stop cleanly:', error);
      exitCode = 1;
    }
    process.exit(exitCode);
  };
  // In place before the demo sets up (which can take seconds), so Ctrl+C always closes cleanly.
  process.on('SIGINT', () => void stop('SIGINT received', 0));
  process.on('SIGTERM', () => void stop('SIGTERM received', 0));
  // A last resort: a failure nothing else caught still closes the database before the host ends.
  const crash = (error: unknown) => {
    console.error('casebridge: unexpected failure:', error);
    void stop('an unexpected failure', 1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);

  if (args.demo) {
    console.log(
      `Demo mode: setting up against the Tascomi emulator at ${args.demo.tascomiUrl}, which fails some requests on purpose; data in ${args.dataDir} (not your real data folder).`,
    );
    try {
      demo = await startDemo({ handlers: engine.handlers, intake: engine.intake, log: engine.log, clock }, args.demo);
    } catch (error) {
      if (stopping) return; // stopped while setting up: the engine closing is why it failed
      await running.close();
      await engine.close();
      throw error;
    }
    console.log('Demo mode: templates and rules are in place; a sample case arrives every few seconds. Watch them on the Log page.');
  }
  if (!isLoopbackHost(args.host)) {
    console.warn(`casebridge: WARNING: listening on ${args.host}, which other machines can reach. Anyone with the URL below controls this engine.`);
  }
  console.log(`casebridge ${__CASEBRIDGE_VERSION__} headless host; data in ${args.dataDir}`);
  if (running.otherConsoleUrls.length > 0) {
    console.log(`From other machines, the same console is at:\n${running.otherConsoleUrls.map((url) => `  ${url}`).join('\n')}`);
  }
  console.log(`Console: ${running.consoleUrl}`);
}

main().catch((error: unknown) => {
  console.error(`casebridge: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
