/**
 * `--check`: whether the host would start with this configuration, without starting the engine or
 * changing anything. Every problem is listed, each naming its setting, so a council IT person can
 * fix them all in one go before a service manager starts the host for real.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { describeRefusal, type MachinePolicy } from '../engine/policy/policy-file';
import { policyFieldsOf } from '../../shared/domain/policy';
import { LOCK_FILE, lockDataFolder } from '../engine/store/folder-lock';
import { HOST_OPTIONS, type HostArgs } from './args';
import { readMetricsToken } from './metrics-token';
import { inspectTls } from './tls';

export interface CheckReport {
  ok: boolean;
  /** What it would run with, a line each. */
  summary: string[];
  problems: string[];
}

const DATA_DIR = `${HOST_OPTIONS.dataDir.flag} (${HOST_OPTIONS.dataDir.env})`;

function checkDataFolder(dataDir: string, problems: string[], summary: string[]) {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) {
    // The nearest folder that exists must let us make the rest.
    let parent = dirname(dir);
    while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
    try {
      accessSync(parent, constants.W_OK | constants.X_OK);
      summary.push(`Data folder: ${dir} (will be made on first start)`);
    } catch {
      problems.push(`${DATA_DIR}: ${dir} does not exist, and it cannot be made because ${parent} is not writable by this user.`);
    }
    return;
  }
  if (!statSync(dir).isDirectory()) return void problems.push(`${DATA_DIR}: ${dir} is a file, not a folder.`);
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    return void problems.push(`${DATA_DIR}: ${dir} is not writable by this user.`);
  }
  // No lock file: no engine has ever run here, so none holds it (and the check makes none).
  if (existsSync(join(dir, LOCK_FILE))) {
    let lock;
    try {
      lock = lockDataFolder(dir);
    } catch (error) {
      return void problems.push(`${DATA_DIR}: the lock in ${dir} cannot be checked (${(error as Error).message}).`);
    }
    if (!lock) return void problems.push(`${DATA_DIR}: a casebridge engine is already running on ${dir}; stop it first, or choose another data folder.`);
    lock.release();
  }
  summary.push(`Data folder: ${dir}`);
}

/** Whether the port can be had on that address: bound, then released at once. */
function checkPort(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'something else is already listening there'
          : error.code === 'EACCES'
            ? 'this user may not listen on it (ports below 1024 need extra rights)'
            : error.code === 'EADDRNOTAVAIL'
              ? "that address is not one of this machine's"
              : (error.code ?? error.message);
      resolvePromise(
        `${HOST_OPTIONS.port.flag} (${HOST_OPTIONS.port.env}) and ${HOST_OPTIONS.host.flag} (${HOST_OPTIONS.host.env}): cannot listen on ${host} port ${port}: ${why}.`,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolvePromise(undefined)));
  });
}

/** The machine policy as the host would take it: a refused one does not stop the start, so it is said, not counted as a problem. */
function policyLine(policy: MachinePolicy): string {
  if (policy.state === 'none') return `Machine policy: none (no file at ${policy.file})`;
  if (policy.state === 'refused') return `Machine policy: WARNING: ${describeRefusal(policy)}`;
  const list = (fields: string[]) => (fields.length ? fields.join(', ') : 'nothing');
  return `Machine policy: ${policy.file}; locks ${list(policyFieldsOf(policy.policy.locked ?? {}))}; presets ${list(policyFieldsOf(policy.policy.presets ?? {}))}`;
}

/** `policy`: the machine policy the host would read (the command line reads it; tests inject one). */
export async function checkConfiguration(args: HostArgs, now: Date, policy?: MachinePolicy): Promise<CheckReport> {
  const problems: string[] = [];
  const summary: string[] = [];
  checkDataFolder(args.dataDir, problems, summary);
  const portProblem = await checkPort(args.host, args.port);
  if (portProblem) problems.push(portProblem);
  else summary.push(`Listening on: ${args.host} port ${args.port === 0 ? '0 (any free port, chosen at start)' : args.port}`);
  if (args.tls) {
    const tls = inspectTls(args.tls, { dataDir: args.dataDir, bindHost: args.host, now });
    const setting =
      args.tls.kind === 'self-signed'
        ? `${HOST_OPTIONS.tls.flag} self-signed`
        : args.tls.kind === 'pfx'
          ? HOST_OPTIONS.tlsPfx.flag
          : `${HOST_OPTIONS.tlsCert.flag} and ${HOST_OPTIONS.tlsKey.flag}`;
    if (tls.ok) summary.push(`HTTPS with ${tls.summary}`, 'Sign-in: accounts (people sign in with a user name and password, or single sign-on)');
    else problems.push(...tls.problems.map((p) => `${setting}: ${p}`));
  } else {
    summary.push('Plain HTTP on this machine only; one person, with the address printed at start (no accounts)');
  }
  if (args.metricsTokenFile) {
    try {
      readMetricsToken(args.metricsTokenFile);
      summary.push('Metrics (/metrics): to scrapers that send the metrics token');
    } catch (error) {
      problems.push(`${HOST_OPTIONS.metricsTokenFile.flag}: ${(error as Error).message}`);
    }
  } else summary.push('Metrics (/metrics): to this machine only (no metrics token file)');
  if (policy) summary.push(policyLine(policy));
  if (policy?.state === 'applied' && args.demo && (policy.policy.locked?.demoAllowed ?? policy.policy.presets?.demoAllowed) === false) {
    problems.push(`Demo mode is turned off by your organisation's policy (${policy.file}): leave out the demo options.`);
  }
  return { ok: problems.length === 0, summary, problems };
}
