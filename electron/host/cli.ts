/**
 * `npm run serve`: the engine without Electron, its console served to browsers (on this machine
 * over plain HTTP, or to the network over HTTPS with sign-in). Prints `Console: <url>` on a line of
 * its own, and stops cleanly on Ctrl+C, Ctrl+Break or a service manager's stop (shared/stop-signals.mjs). `--check` checks the configuration and exits.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../engine/clock';
import { SECRETS_FILE } from '../engine/data-dir';
import { startDemo, type Demo } from '../demo/demo';
import { createDefaultTransport } from '../engine/connectors/http/transport';
import { createEngine, type Engine } from '../engine/engine';
import { createEngineRestart } from '../engine/engine-restart';
import { readHostPolicy } from '../engine/policy/host-policy';
import { loadMachinePolicy } from '../engine/policy/policy-file';
import { createFileSecretStore, ownerOnlyFileCipher } from '../engine/secrets';
import { isLoopbackHost } from '../../shared/loopback';
import { stopSignals } from '../../shared/stop-signals.mjs';
import { HOST_USAGE, HostArgsError, parseHostArgs, type HostArgs } from './args';
import { checkConfiguration } from './check';
import { commandsUsage, findCommand, runCommand, serverArgv } from './commands';
import { readMetricsToken } from './metrics-token';
import { startHost, type RunningHost } from './server';
import { createSingleSignOn } from './single-sign-on';
import { loadTls, RENEW_DAYS, type TlsMaterial } from './tls';

const DAY_MS = 86_400_000;

/** `--check`: 0 and what it would run with, or 1 and every problem. */
async function check(args: HostArgs): Promise<never> {
  const report = await checkConfiguration(args, new Date(systemClock(args.timeZone).millis()), loadMachinePolicy({ platform: process.platform, env: process.env }));
  if (report.ok) {
    console.log(`casebridge --check: this configuration would start.\n${report.summary.map((line) => `  ${line}`).join('\n')}`);
    process.exit(0);
  }
  console.error(`casebridge --check: ${report.problems.length === 1 ? '1 problem' : `${report.problems.length} problems`}:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const command = findCommand(process.argv.slice(2));
  if (command) process.exit(await runCommand(command, process.argv.slice(3), { out: (line) => console.log(line), err: (line) => console.error(line) }));
  const argv = serverArgv(process.argv.slice(2));
  let args;
  try {
    args = parseHostArgs(argv);
  } catch (error) {
    const problems = error instanceof HostArgsError ? error.problems : [(error as Error).message];
    if (argv.includes('--check')) {
      console.error(`casebridge --check: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      process.exit(1);
    }
    console.error(problems.map((p) => `casebridge: ${p}`).join('\n'));
    process.exit(2);
  }
  if (args.help) {
    console.log(`${HOST_USAGE}\n\n${commandsUsage()}`);
    return;
  }
  if (args.check) return check(args);
  // The policy before anything else: its proxy is in the environment before any connection is made.
  const policy = readHostPolicy();
  if (args.demo && policy.demoRefusal) {
    console.error(`casebridge: ${policy.demoRefusal}`);
    process.exit(2);
  }
  if (policy.machine.state === 'refused') console.warn(`casebridge: WARNING: the machine policy ${policy.machine.file} was refused; see the log and the console's banner.`);
  const rendererDir = args.rendererDir ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../renderer');
  const clock = systemClock(args.timeZone);
  // The certificate before the engine: a wrong file is said at once, with nothing to undo.
  let tls: TlsMaterial | undefined;
  if (args.tls) {
    tls = await loadTls(args.tls, { dataDir: args.dataDir, bindHost: args.host, now: new Date(clock.millis()), warn: (message) => console.warn(`casebridge: ${message}`) });
    const daysLeft = Math.floor((tls.validTo.getTime() - clock.millis()) / DAY_MS);
    if (daysLeft < RENEW_DAYS) console.warn(`casebridge: WARNING: the certificate from ${tls.source} expires in ${daysLeft} days; renew it before then.`);
  }
  const metricsToken = args.metricsTokenFile ? readMetricsToken(args.metricsTokenFile) : undefined;
  // A restore from the console stops this engine and its server and starts both again, on the same port and token (engine-restart.ts).
  const restarts = createEngineRestart({
    dataDir: args.dataDir,
    now: () => clock.millis(),
    host: {
      stop: async () => {
        await running.close();
        await engine.close();
      },
      start: async () => {
        engine = openEngine();
        try {
          running = await serve(running.port, running.token);
        } catch (error) {
          await engine.close();
          throw error;
        }
        return engine;
      },
      failed: (message) => void stop(message, 1),
    },
  });
  const openEngine = () =>
    createEngine({
      dataDir: args.dataDir,
      host: 'headless',
      version: __CASEBRIDGE_VERSION__,
      clock,
      secrets: createFileSecretStore(join(args.dataDir, SECRETS_FILE), ownerOnlyFileCipher),
      ...(args.demo ? { demo: { tascomiUrl: args.demo.tascomiUrl } } : {}),
      policy: policy.machine,
      // The demo drives the engine it set up with; a restore would leave it on a closed one.
      ...(args.demo ? {} : { restoreFromConsole: restarts.begin }),
    });
  let engine: Engine = openEngine();
  // Single sign-on (accounts mode, so HTTPS only) reaches the council's identity provider as
  // connectors reach their systems (the proxy variables).
  const providerTransport = tls ? createDefaultTransport() : undefined;
  const singleSignOn = providerTransport ? createSingleSignOn({ config: () => engine.people.signInSettings.oidc(), fetch: providerTransport.fetch, clock }) : undefined;
  const serve = (port: number, token: string | undefined) =>
    startHost({
      engine,
      rendererDir,
      host: args.host,
      port,
      token,
      ...(metricsToken ? { metricsToken } : {}),
      ...(tls ? { tls } : {}),
      ...(singleSignOn ? { singleSignOn } : {}),
    });
  let running: RunningHost;
  try {
    running = await serve(args.port, args.token);
  } catch (error) {
    providerTransport?.close();
    await engine.close();
    throw error;
  }

  let demo: Demo | undefined;
  let stopping = false;
  const stop = async (why: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`casebridge: ${why}, stopping.`);
    try {
      demo?.stop();
      await restarts.stop(); // a restore under way finishes (its files are never left half moved), then all stops
      await running.close();
      providerTransport?.close();
      await engine.close();
    } catch (error) {
      console.error('casebridge: could not stop cleanly:', error);
      exitCode = 1;
    }
    process.exit(exitCode);
  };
  // In place before the demo sets up (which can take seconds), so Ctrl+C always closes cleanly.
  for (const signal of stopSignals(process.platform)) process.on(signal, () => void stop(`${signal} received`, 0));
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
      providerTransport?.close();
      await engine.close();
      throw error;
    }
    console.log('Demo mode: templates and rules are in place; a sample case arrives every few seconds. Watch them on the Log page.');
  }
  console.log(`casebridge ${__CASEBRIDGE_VERSION__} headless host; data in ${args.dataDir}`);
  if (running.fingerprint) {
    console.log(`Certificate fingerprint (SHA-256): ${running.fingerprint}; people compare this with what their browser or the desktop app shows.`);
    if (!isLoopbackHost(args.host)) console.log(`Listening on ${args.host}, which other machines can reach: people sign in with their accounts.`);
  }
  const setupCode = running.setupCode();
  if (setupCode) console.log(`No administrator yet: open ${running.consoleUrl} and enter the setup code ${setupCode}`);
  if (running.otherConsoleUrls.length > 0) {
    console.log(`From other machines, the same console is at:\n${running.otherConsoleUrls.map((url) => `  ${url}`).join('\n')}`);
  }
  console.log(`Console: ${running.consoleUrl}`);
}

main().catch((error: unknown) => {
  console.error(`casebridge: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
