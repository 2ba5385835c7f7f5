/**
 * A casebridge server in accounts mode (HTTPS with a self-signed certificate) for the browser tests
 * of sign-in and roles: started as `npm run serve -- --tls self-signed` would be, with the
 * fingerprint it printed, and the contract as a signed-in person (sign-in itself:
 * test/support/host-sign-in.ts).
 */
import { connectToHost, type HostContractClient } from '../../support/host-contract-client';
import { startHostProcess, type HostProcess } from '../../support/host-process';

export async function startServerProcess(extraArgs: string[] = []): Promise<HostProcess> {
  return startHostProcess({ extraArgs: ['--tls', 'self-signed', ...extraArgs], timeoutMs: 30_000 });
}

/** The certificate fingerprint the server printed at start. */
export function fingerprintOf(host: HostProcess): string {
  const match = /Certificate fingerprint \(SHA-256\): ([0-9A-F:]+)/.exec(host.output());
  if (!match) throw new Error(`the server printed no fingerprint:\n${host.output()}`);
  return match[1]!;
}

/** The contract over the server's WebSocket, as the person whose session cookie this is. */
export function contractAs(host: HostProcess, cookie: string): Promise<HostContractClient> {
  return connectToHost(host, 10_000, cookie);
}
