/**
 * The server's sign-in routes (accounts mode, HTTPS) from Node, as a console page at one of the
 * server's names would call them: JSON, with that name's Origin and Host, always connecting to
 * loopback. Answers the status, the JSON and the session cookie it set, if any.
 */
import { request } from 'node:https';

export interface SignInAnswer {
  status: number;
  json: Record<string, unknown>;
  /** `casebridge_session=...`, when the answer set it. */
  cookie?: string;
}

export function postToHost(host: { port: number }, path: string, body: unknown, name = '127.0.0.1'): Promise<SignInAnswer> {
  const text = JSON.stringify(body);
  const named = `${name}:${host.port}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: 'POST',
        // The test server's own self-signed certificate: what is under test is the host, not the chain.
        rejectUnauthorized: false,
        headers: { host: named, origin: `https://${named}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        let answer = '';
        res.on('data', (d) => (answer += d));
        res.on('end', () => {
          const cookie = res.headers['set-cookie']?.find((line) => line.startsWith('casebridge_session='))?.split(';')[0];
          resolve({ status: res.statusCode!, json: answer ? (JSON.parse(answer) as Record<string, unknown>) : {}, ...(cookie ? { cookie } : {}) });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** The first administrator (Alex Admin unless named), set up with the code the host printed: their session cookie. */
export async function setUpFirstAdministrator(
  host: { port: number; output(): string },
  password: string,
  name = '127.0.0.1',
  person: { username: string; displayName: string } = { username: 'alex', displayName: 'Alex Admin' },
): Promise<string> {
  const code = /enter the setup code (\S+)/.exec(host.output())?.[1];
  if (!code) throw new Error(`The host printed no setup code:\n${host.output()}`);
  const answer = await postToHost(host, '/auth/setup', { code, ...person, password }, name);
  if (answer.status !== 200 || !answer.cookie) throw new Error(`The first administrator's setup was refused (${answer.status}): ${JSON.stringify(answer.json)}`);
  return answer.cookie;
}

/** Signs someone in with a password: their session cookie. */
export async function signInToHost(host: { port: number }, username: string, password: string, name = '127.0.0.1'): Promise<string> {
  const answer = await postToHost(host, '/auth/sign-in', { username, password }, name);
  if (answer.status !== 200 || !answer.cookie) throw new Error(`Sign-in as ${username} was refused (${answer.status}): ${JSON.stringify(answer.json)}`);
  return answer.cookie;
}
