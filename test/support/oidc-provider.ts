/**
 * A real OpenID Connect provider (`oidc-provider`, not a mock) for single sign-on tests, on
 * 127.0.0.1 port 0 over plain HTTP, with its development login and consent pages. It knows a set of
 * people (their login is their `sub`) and one confidential client. Used by vitest and by
 * Playwright's Node side alike, so nothing here imports a test runner. Run alone it serves until
 * stopped (see the end of the file), for a test that needs it in another process.
 *
 * Decisions:
 * - The ID token carries every claim the scopes grant (`conformIdTokenClaims: false`) and the
 *   groups claim comes with `openid`, as Microsoft Entra ID sends `groups` in the ID token.
 * - PKCE is required for every request, so a client that forgot it fails here.
 * - Its cookies are SameSite=Lax, so a browser on plain HTTP keeps them.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import Provider, { type ProviderAccount } from 'oidc-provider';
import { listenOnLoopback } from './local-server';

/** One person the provider knows. Claims left out are not sent. */
export interface TestPerson {
  /** The groups claim's value: normally a list of names or ids; anything else tests a bad one. */
  groups?: unknown;
  name?: string;
  email?: string;
  preferred_username?: string;
  /**
   * The groups are left out and pointed to elsewhere (a distributed claim), as Microsoft Entra ID
   * does for a person in more than 200 groups.
   */
  groupsElsewhere?: boolean;
}

export interface TestProviderOptions {
  /** login (and `sub`) -> the person. */
  people: Record<string, TestPerson>;
  /** The client's registered redirect URIs. */
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
  /** The one way the provider accepts the client's secret (listed so in its metadata). */
  clientAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /** The claim that carries the groups (default `groups`). */
  groupsClaim?: string;
}

export interface RunningTestProvider {
  /** The issuer, `http://127.0.0.1:<port>`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** How the client sent its secret on each token request, in order. */
  tokenRequests: ('client_secret_basic' | 'client_secret_post')[];
  close(): Promise<void>;
}

export async function startTestProvider(options: TestProviderOptions): Promise<RunningTestProvider> {
  const clientId = options.clientId ?? 'casebridge';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const authMethod = options.clientAuthMethod ?? 'client_secret_basic';
  const groupsClaim = options.groupsClaim ?? 'groups';

  // The issuer names the port, so the server listens first and the provider is made after.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const tokenRequests: RunningTestProvider['tokenRequests'] = [];
  const listening = await listenOnLoopback(
    createServer((req, res) => {
      // The provider takes either way whatever the client registered, so the test looks itself.
      if (req.method === 'POST' && req.url === '/token') tokenRequests.push(/^basic /i.test(req.headers.authorization ?? '') ? 'client_secret_basic' : 'client_secret_post');
      handle(req, res);
    }),
  );
  const issuer = `http://127.0.0.1:${listening.port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: authMethod,
      },
    ],
    clientAuthMethods: [authMethod],
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    claims: { openid: ['sub', groupsClaim], profile: ['name', 'preferred_username'], email: ['email'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    // Seconds; set so the provider does not print a notice for each default it uses.
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    findAccount(_ctx: unknown, sub: string): ProviderAccount | undefined {
      const person = options.people[sub];
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => {
          const claims: Record<string, unknown> = { sub };
          if (person.groups !== undefined) claims[groupsClaim] = person.groups;
          if (person.groupsElsewhere) {
            claims._claim_names = { [groupsClaim]: 'groups-source' };
            claims._claim_sources = { 'groups-source': { endpoint: `${issuer}/people/${sub}/groups` } };
          }
          if (person.name !== undefined) claims.name = person.name;
          if (person.email !== undefined) claims.email = person.email;
          if (person.preferred_username !== undefined) claims.preferred_username = person.preferred_username;
          return claims;
        },
      };
    },
  });
  handle = provider.callback();

  return { issuer, clientId, clientSecret, tokenRequests, close: listening.stop };
}

/** What a person does at the provider: sign in as `login`, then agree (or cancel at the login page). */
export interface ProviderVisit {
  login: string;
  /** Press the provider's Cancel link instead of signing in (the provider answers access_denied). */
  cancel?: boolean;
}

/**
 * Follows `authorizationUrl` through the provider's login and consent pages as a browser would
 * (a cookie jar, redirects followed by hand) and answers the address the provider sends the
 * person back to, without visiting it.
 */
export async function visitProvider(authorizationUrl: string | URL, visit: ProviderVisit): Promise<URL> {
  const start = new URL(authorizationUrl);
  const jar = new CookieJar();
  let request: { url: URL; form?: URLSearchParams } = { url: start };
  for (let step = 0; step < 20; step++) {
    const response = await fetch(request.url, {
      method: request.form ? 'POST' : 'GET',
      headers: { cookie: jar.header(request.url), ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: request.form,
      redirect: 'manual',
    });
    jar.keep(response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, request.url);
      if (next.origin !== start.origin) return next;
      request = { url: next };
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) throw new Error(`The test provider answered ${response.status} at ${request.url.href}: ${page.slice(0, 300)}`);
    request = nextRequest(page, request.url, visit);
  }
  throw new Error(`The test provider never sent the person back from ${start.href} (20 steps).`);
}

function nextRequest(page: string, at: URL, visit: ProviderVisit): { url: URL; form?: URLSearchParams } {
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
  if (!action || !prompt) throw new Error(`The test provider's page at ${at.href} has no login or consent form: ${page.slice(0, 300)}`);
  if (prompt === 'login' && visit.cancel) {
    const abort = /<a href="([^"]+)">\[ Cancel \]<\/a>/.exec(page)?.[1];
    if (!abort) throw new Error(`The test provider's login page at ${at.href} has no Cancel link.`);
    return { url: new URL(abort, at) };
  }
  const form: Record<string, string> = prompt === 'login' ? { prompt, login: visit.login, password: 'any password' } : { prompt };
  return { url: new URL(action, at), form: new URLSearchParams(form) };
}

/** Cookies by name and path, for one origin. */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  keep(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const expired = attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()) || value === '';
      if (expired) this.cookies.delete(`${name};${path}`);
      else this.cookies.set(`${name};${path}`, { name, value, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter((cookie) => url.pathname.startsWith(cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }
}

/**
 * Run alone (`node --import tsx test/support/oidc-provider.ts --redirect-uri <uri> --people <json>`):
 * prints `Issuer:`, `Client id:` and `Client secret:` lines and serves until SIGTERM or SIGINT.
 */
async function main(args: string[]): Promise<void> {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    if (at < 0 || at + 1 >= args.length) throw new Error(`${flag} is needed (see the comment above main() in test/support/oidc-provider.ts).`);
    return args[at + 1]!;
  };
  const people = JSON.parse(value('--people')) as Record<string, TestPerson>;
  const provider = await startTestProvider({ people, redirectUris: [value('--redirect-uri')] });
  process.stdout.write(`Issuer: ${provider.issuer}\nClient id: ${provider.clientId}\nClient secret: ${provider.clientSecret}\n`);
  const stop = () => void provider.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
