/**
 * A casebridge server in accounts mode (HTTPS with a self-signed certificate) for the browser tests
 * of sign-in and roles: started as `npm run serve -- --tls self-signed` would be, its first
 * administrator's setup code read from what it printed, and people signed in over its HTTP routes.
 */
import { request } from 'node:https';
import { connectToHost, type HostContractClient } from '../../support/host-contract-client';
import { startHostProcess, type HostProcess } from '../../support/host-process';

export async function startServerProcess(extraArgs: string[] = []): Promise<HostProcess> {
  return startHostProcess({ extraArgs: ['--tls', 'self-signed', ...extraArgs], timeoutMs: 30_000 });
}

/** The one-time setup code the server printed, while it has no administrator. */
export function setupCodeOf(host: HostProcess): string {
  const match = /setup code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(host.output());
  if (!match) throw new Error(`the server printed no setup code:\n${host.output()}`);
  return match[1]!;
}

/** The certificate fingerprint the server printed at start. */
export function fingerprintOf(host: HostProcess): string {
  const match = /Certificate fingerprint \(SHA-256\): ([0-9A-F:]+)/.exec(host.output());
  if (!match) throw new Error(`the server printed no fingerprint:\n${host.output()}`);
  return match[1]!;
}

interface Answer {
  status: number;
  body: unknown;
  cookie?: string;
}

/** A JSON POST to one of the server's auth routes, as its own console sends it. */
export function postAuth(host: HostProcess, path: string, body: unknown, cookie?: string): Promise<Answer> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${host.origin}${path}`,
      {
        method: 'POST',
        // The test server's certificate is self-signed: what is under test is the server, not the chain.
        rejectUnauthorized: false,
        headers: { 'content-type': 'application/json', origin: host.origin, 'content-length': Buffer.byteLength(text), ...(cookie ? { cookie } : {}) },
        timeout: 15_000,
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.find((c) => c.startsWith('casebridge_session='));
          resolve({ status: res.statusCode ?? 0, body: data ? (JSON.parse(data) as unknown) : undefined, ...(setCookie ? { cookie: setCookie.split(';')[0]! } : {}) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${path} timed out`)));
    req.on('error', reject);
    req.end(text);
  });
}

/** Signs someone in with a password and answers their session cookie (`casebridge_session=...`). */
export async function signIn(host: HostProcess, username: string, password: string): Promise<string> {
  const answer = await postAuth(host, '/auth/sign-in', { username, password });
  if (answer.status !== 200 || !answer.cookie) throw new Error(`sign-in as ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.cookie;
}

/** Creates the first administrator through the setup code, and answers their session cookie. */
export async function setUpFirstAdministrator(host: HostProcess, person: { username: string; displayName: string; password: string }): Promise<string> {
  const answer = await postAuth(host, '/auth/setup', { code: setupCodeOf(host), ...person });
  if (answer.status !== 200 || !answer.cookie) throw new Error(`setup failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.cookie;
}

/** The contract over the server's WebSocket, as the person whose session cookie this is. */
export function contractAs(host: HostProcess, cookie: string): Promise<HostContractClient> {
  return connectToHost(host, 10_000, { cookie });
}
