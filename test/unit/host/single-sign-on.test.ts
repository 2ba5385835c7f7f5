/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) on 127.0.0.1: the person
 * signs in on the provider's own login and consent pages (over HTTP, with a cookie jar), and
 * finish() gets the address the provider sent them back to.
 */
import { createServer as createHttpsServer } from 'node:https';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultTransport, type FetchLike } from '../../../electron/engine/connectors/http/transport';
import type { OidcConfig } from '../../../electron/engine/people/people';
import { createSingleSignOn, PENDING_SIGN_IN_MS, roleForGroups, SingleSignOnError, type SingleSignOnOptions } from '../../../electron/host/single-sign-on';
import type { GroupRole } from '../../../shared/domain/people';
import { fakeClock } from '../../support/fake-clock';
import { closedPort, listenOnLoopback, startLocalServer } from '../../support/local-server';
import { startTestProvider, visitProvider, type ProviderVisit, type RunningTestProvider } from '../../support/oidc-provider';

const REDIRECT_URL = 'https://127.0.0.1:8443/auth/sso/callback';
/** The same server by another of its names (a server on every address answers to several). */
const OTHER_NAME_URL = 'https://casebridge.council.example:8443/auth/sso/callback';
const GROUP_ROLES: GroupRole[] = [
  { group: 'casebridge-admins', role: 'administrator' },
  { group: 'casebridge-designers', role: 'designer' },
  { group: 'casebridge-support', role: 'support' },
  { group: 'casebridge-viewers', role: 'viewer' },
];
const PEOPLE = {
  sam: { groups: ['all-staff', 'casebridge-support'], name: 'Sam Patel', preferred_username: 'Sam.Patel@council.example', email: 'sam@council.example' },
  alex: { groups: ['casebridge-viewers', ' CASEBRIDGE-Admins ', 'casebridge-support'], name: 'Alex Jones', preferred_username: 'alex@council.example' },
  jo: { groups: ['finance', 'all-staff'], name: 'Jo Bloggs', preferred_username: 'jo@council.example' },
  kim: { groups: ['casebridge-designers'], email: 'kim@council.example' },
  lee: { name: 'Lee Without Groups', preferred_username: 'lee@council.example' },
  pat: { groups: 'casebridge-support', preferred_username: 'pat@council.example' },
  many: { groupsElsewhere: true, preferred_username: 'many@council.example' },
};

let provider: RunningTestProvider;

function settings(overrides: Partial<OidcConfig> = {}): OidcConfig {
  return {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    groupsClaim: 'groups',
    groupRoles: GROUP_ROLES,
    buttonLabel: 'Sign in with your council account',
    ...overrides,
  };
}

function singleSignOn(overrides: Partial<OidcConfig> = {}, options: Partial<SingleSignOnOptions> = {}) {
  return createSingleSignOn({ config: () => settings(overrides), ...options });
}

/** begin(), then the person's visit to the provider: the callback address and the pending sign-in. */
async function signInAtProvider(sso: ReturnType<typeof createSingleSignOn>, visit: ProviderVisit, redirectUrl = REDIRECT_URL) {
  const { authorizationUrl, pending } = await sso.begin(redirectUrl);
  const callback = await visitProvider(authorizationUrl, visit);
  return { authorizationUrl: new URL(authorizationUrl), callback, pending };
}

beforeAll(async () => {
  provider = await startTestProvider({ people: PEOPLE, redirectUris: [REDIRECT_URL, OTHER_NAME_URL] });
}, 30_000);

afterAll(async () => {
  await provider?.close();
});

describe('single sign-on against a real OpenID provider', () => {
  it('a person in a mapped group signs in with that role, through the code flow with PKCE, state and nonce', async () => {
    const sso = singleSignOn();
    const { authorizationUrl, callback, pending } = await signInAtProvider(sso, { login: 'sam' });

    expect(authorizationUrl.origin).toBe(provider.issuer);
    expect(Object.fromEntries(authorizationUrl.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: REDIRECT_URL,
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URL);
    expect(callback.searchParams.get('code')).toBeTruthy();
    const tokenRequestsBefore = provider.tokenRequests.length;

    expect(await sso.finish(callback, pending)).toEqual({
      ok: true,
      issuer: provider.issuer,
      subject: 'sam',
      username: 'sam.patel@council.example',
      displayName: 'Sam Patel',
      groups: ['all-staff', 'casebridge-support'],
      role: 'support',
    });
    expect(provider.tokenRequests.slice(tokenRequestsBefore)).toEqual(['client_secret_basic']);
  });

  it('sends the person back to the name their browser used, and names that same redirect URI in the token request', async () => {
    const sso = singleSignOn();
    const { authorizationUrl, callback, pending } = await signInAtProvider(sso, { login: 'sam' }, OTHER_NAME_URL);
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(OTHER_NAME_URL);
    expect(pending.redirectUrl).toBe(OTHER_NAME_URL);
    expect(callback.origin + callback.pathname).toBe(OTHER_NAME_URL);
    // The provider refuses a code redeemed with another redirect URI than it was issued for (invalid_grant).
    expect(await sso.finish(callback, pending)).toMatchObject({ ok: true, username: 'sam.patel@council.example' });
    const again = await signInAtProvider(sso, { login: 'sam' }, OTHER_NAME_URL);
    expect(await sso.finish(again.callback, { ...again.pending, redirectUrl: REDIRECT_URL })).toMatchObject({ ok: false });
  });

  it('refuses to begin with a redirect URI that is not an address', async () => {
    await expect(singleSignOn().begin('not an address')).rejects.toThrow('The single sign-on redirect URI "not an address" is not an address.');
  });

  it('a person in several mapped groups gets the most powerful role, whatever the case of the group', async () => {
    const sso = singleSignOn();
    const { callback, pending } = await signInAtProvider(sso, { login: 'alex' });
    expect(await sso.finish(callback, pending)).toMatchObject({ ok: true, subject: 'alex', role: 'administrator' });
  });

  it('a person in none of the mapped groups is refused, and told which groups the provider sent', async () => {
    const sso = singleSignOn();
    const { callback, pending } = await signInAtProvider(sso, { login: 'jo' });
    const outcome = await sso.finish(callback, pending);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(/^Your account is in none of the groups casebridge accepts \(your identity provider sent finance, all-staff\)\./);
  });

  it('a person the provider sends no groups for is refused, naming the claim casebridge read', async () => {
    const sso = singleSignOn();
    const { callback, pending } = await signInAtProvider(sso, { login: 'lee' });
    const outcome = await sso.finish(callback, pending);
    expect(!outcome.ok && outcome.message).toMatch(/none of the groups casebridge accepts \(your identity provider sent no groups in the "groups" claim\)/);
  });

  it('a person whose groups the provider left out for being too many is told why', async () => {
    const sso = singleSignOn();
    const { callback, pending } = await signInAtProvider(sso, { login: 'many' });
    const outcome = await sso.finish(callback, pending);
    expect(!outcome.ok && outcome.message).toMatch(/^Your identity provider left your groups out of the sign-in because you are in too many of them/);
  });

  it('a groups claim that is not a list is refused in words', async () => {
    const sso = singleSignOn();
    const { callback, pending } = await signInAtProvider(sso, { login: 'pat' });
    const outcome = await sso.finish(callback, pending);
    expect(!outcome.ok && outcome.message).toMatch(/"groups" claim is not a list of group names or ids/);
  });

  it('without preferred_username the user name is the email, and without a name the display name is the user name', async () => {
    const sso = singleSignOn();
    const { callback, pending } = await signInAtProvider(sso, { login: 'kim' });
    expect(await sso.finish(callback, pending)).toMatchObject({ ok: true, username: 'kim@council.example', displayName: 'kim@council.example', role: 'designer' });
  });

  it('a tampered state is refused, and the code it carried is not spent', async () => {
    const sso = singleSignOn();
    const { callback, pending } = await signInAtProvider(sso, { login: 'sam' });
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${pending.state}x`);

    const outcome = await sso.finish(tampered, pending);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(/does not match the one this browser started \(its state differs\)/);
    expect(await sso.finish(callback, pending)).toMatchObject({ ok: true, subject: 'sam' });
  });

  it("another sign-in's pending state does not fit this callback", async () => {
    const sso = singleSignOn();
    const first = await signInAtProvider(sso, { login: 'sam' });
    const second = await sso.begin(REDIRECT_URL);
    const outcome = await sso.finish(first.callback, second.pending);
    expect(!outcome.ok && outcome.message).toMatch(/state differs/);
  });

  it('a code used twice is refused the second time', async () => {
    const sso = singleSignOn();
    const { callback, pending } = await signInAtProvider(sso, { login: 'sam' });
    expect(await sso.finish(callback, pending)).toMatchObject({ ok: true });

    const again = await sso.finish(callback, pending);
    expect(again.ok).toBe(false);
    expect(!again.ok && again.message).toMatch(/refused the sign-in code: it was already used.*\(the provider answered invalid_grant/);
  });

  it('a wrong client secret is refused with words about the client id and secret', async () => {
    const sso = singleSignOn({ clientSecret: 'not the secret' });
    const { callback, pending } = await signInAtProvider(sso, { login: 'sam' });
    const outcome = await sso.finish(callback, pending);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(/did not accept casebridge's client id and client secret.*\(the provider answered invalid_client/);
  });

  it('a person who cancels at the provider is told so, not thrown at', async () => {
    const sso = singleSignOn();
    const { callback, pending } = await signInAtProvider(sso, { login: 'sam', cancel: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const outcome = await sso.finish(callback, pending);
    expect(!outcome.ok && outcome.message).toMatch(
      /^The identity provider did not let you sign in to casebridge\. If you pressed Cancel, sign in again.*\(the provider answered access_denied/,
    );
  });

  it('a pending sign-in expires after 10 minutes', async () => {
    const clock = fakeClock();
    const sso = singleSignOn({}, { clock });
    const late = await signInAtProvider(sso, { login: 'sam' });
    clock.advance(PENDING_SIGN_IN_MS + 1);
    const outcome = await sso.finish(late.callback, late.pending);
    expect(!outcome.ok && outcome.message).toBe('This sign-in was started more than 10 minutes ago, so it has expired. Sign in again.');

    const inTime = await signInAtProvider(sso, { login: 'sam' });
    clock.advance(PENDING_SIGN_IN_MS);
    expect(await sso.finish(inTime.callback, inTime.pending)).toMatchObject({ ok: true });
  });

  it('settings changed between begin and finish end the sign-in', async () => {
    let current = settings();
    const sso = createSingleSignOn({ config: () => current });
    const { callback, pending } = await signInAtProvider(sso, { login: 'sam' });
    current = settings({ clientId: 'another-client' });
    const outcome = await sso.finish(callback, pending);
    expect(!outcome.ok && outcome.message).toMatch(/settings changed while you were signing in/);
  });

  it('switched off: begin is refused in words and finish answers so', async () => {
    let current: OidcConfig | null = settings();
    const sso = createSingleSignOn({ config: () => current });
    const { callback, pending } = await signInAtProvider(sso, { login: 'sam' });
    current = null;
    await expect(sso.begin(REDIRECT_URL)).rejects.toThrow(
      new SingleSignOnError('Single sign-on is switched off. Sign in with a casebridge user name and password, or ask an administrator to switch it on.'),
    );
    expect(await sso.finish(callback, pending)).toEqual({ ok: false, message: expect.stringMatching(/^Single sign-on is switched off/) });
  });
});

describe('reaching the provider', () => {
  it('a provider that is down at begin gets a clear message', async () => {
    const port = await closedPort();
    const sso = singleSignOn({ issuer: `http://127.0.0.1:${port}` });
    const failure = await sso.begin(REDIRECT_URL).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(SingleSignOnError);
    expect((failure as Error).message).toBe(
      `casebridge could not reach the identity provider at http://127.0.0.1:${port} (the connection was refused: ECONNREFUSED). Check the issuer address and that this server can reach it through the council's proxy and firewall.`,
    );
  });

  it('a provider that never answers is given up on after the timeout, in words', async () => {
    const silent = await startLocalServer(() => undefined);
    try {
      const issuer = `http://127.0.0.1:${silent.port}`;
      await expect(singleSignOn({ issuer }, { timeoutSeconds: 0.2 }).begin(REDIRECT_URL)).rejects.toThrow(
        `casebridge could not reach the identity provider at ${issuer} (no answer within 0.2 seconds).`,
      );
    } finally {
      await silent.close();
    }
  });

  it('a provider that goes down before the sign-in is finished gets words, not a thrown error', async () => {
    const brief = await startTestProvider({ people: PEOPLE, redirectUris: [REDIRECT_URL] });
    const sso = createSingleSignOn({ config: () => settings({ issuer: brief.issuer, clientId: brief.clientId, clientSecret: brief.clientSecret }) });
    const { callback, pending } = await signInAtProvider(sso, { login: 'sam' });
    await brief.close();
    // Refused on a new connection, or cut on the kept-alive one the provider's close() destroyed.
    expect(await sso.finish(callback, pending)).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^casebridge could not reach the identity provider to finish the sign-in \(the connection was (refused: ECONNREFUSED|cut: UND_ERR_SOCKET)\)\. Try again; if it keeps happening, check that this server can reach the provider\.$/,
      ),
    });
  }, 30_000);

  it('an address that answers something other than an OpenID configuration gets a clear message', async () => {
    const portal = await startLocalServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Council intranet</html>'));
    try {
      const issuer = `http://127.0.0.1:${portal.port}`;
      await expect(singleSignOn({ issuer }).begin(REDIRECT_URL)).rejects.toThrow(
        `${issuer}/.well-known/openid-configuration did not answer with an OpenID Connect configuration (it answered something other than JSON). Check the issuer: for Microsoft Entra ID it is https://login.microsoftonline.com/<tenant id>/v2.0.`,
      );
      expect(portal.requests.map((r) => r.url)).toEqual(['/.well-known/openid-configuration']);
    } finally {
      await portal.close();
    }
  });

  it('an issuer that names another issuer is told the one to enter', async () => {
    const lookalike = await startLocalServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: 'https://idp.example/other' })),
    );
    try {
      await expect(singleSignOn({ issuer: `http://127.0.0.1:${lookalike.port}` }).begin(REDIRECT_URL)).rejects.toThrow(
        `The identity provider at http://127.0.0.1:${lookalike.port} says its issuer is https://idp.example/other. Enter exactly that as the issuer in the single sign-on settings.`,
      );
    } finally {
      await lookalike.close();
    }
  });

  it("the provider's configuration is read once and kept for a day; a failed read is not kept", async () => {
    let answers = 0;
    const metadata = await startLocalServer((_req, res) => {
      answers += 1;
      if (answers === 1) return void res.writeHead(503).end('Starting up');
      const issuer = `http://127.0.0.1:${metadata.port}`;
      const body = { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    try {
      const clock = fakeClock();
      const sso = singleSignOn({ issuer: `http://127.0.0.1:${metadata.port}` }, { clock });
      await expect(sso.begin(REDIRECT_URL)).rejects.toThrow('(it answered HTTP 503)');
      await sso.begin(REDIRECT_URL);
      await sso.begin(REDIRECT_URL);
      expect(metadata.requests).toHaveLength(2);
      clock.advance(24 * 60 * 60_000);
      await sso.begin(REDIRECT_URL);
      expect(metadata.requests).toHaveLength(3);
    } finally {
      await metadata.close();
    }
  });

  it('a provider on https whose certificate this server does not trust is told so', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keySize: 2048 });
    const tls = await listenOnLoopback(createHttpsServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.writeHead(500).end()));
    try {
      const issuer = `https://127.0.0.1:${tls.port}`;
      await expect(singleSignOn({ issuer }).begin(REDIRECT_URL)).rejects.toThrow(
        `casebridge could not reach the identity provider at ${issuer} (its HTTPS certificate is not trusted by this server: DEPTH_ZERO_SELF_SIGNED_CERT; if a firewall re-signs secure traffic, ask IT to exempt the provider or to give casebridge the firewall's certificate with NODE_EXTRA_CA_CERTS).`,
      );
    } finally {
      await tls.stop();
    }
  }, 30_000);

  it('plain http is refused for an issuer that is not on this machine, without a request', async () => {
    await expect(singleSignOn({ issuer: 'http://login.example.org/tenant/v2.0' }).begin(REDIRECT_URL)).rejects.toThrow(
      'The single sign-on issuer http://login.example.org/tenant/v2.0 must start with https:// (plain http is only for a provider on this machine).',
    );
  });

  it('a provider that only takes the client secret in the request body is sent it there', async () => {
    const postOnly = await startTestProvider({ people: PEOPLE, redirectUris: [REDIRECT_URL], clientAuthMethod: 'client_secret_post' });
    try {
      const sso = createSingleSignOn({
        config: () => settings({ issuer: postOnly.issuer, clientId: postOnly.clientId, clientSecret: postOnly.clientSecret }),
      });
      const { callback, pending } = await signInAtProvider(sso, { login: 'sam' });
      expect(await sso.finish(callback, pending)).toMatchObject({ ok: true, role: 'support', issuer: postOnly.issuer });
      expect(postOnly.tokenRequests).toEqual(['client_secret_post']);
    } finally {
      await postOnly.close();
    }
  }, 30_000);
});

describe("through the engine's transport (the council's proxy settings)", () => {
  const transport = createDefaultTransport({ proxyEnv: {} });
  const asked: string[] = [];
  const fetch: FetchLike = (url, init) => {
    asked.push(`${init.method} ${new URL(url).pathname}`);
    return transport.fetch(url, init);
  };
  afterAll(() => transport.close());

  it('a person signs in with every request to the provider sent through it', async () => {
    asked.length = 0;
    const sso = singleSignOn({}, { fetch });
    const { callback, pending } = await signInAtProvider(sso, { login: 'alex' });
    expect(await sso.finish(callback, pending)).toMatchObject({ ok: true, subject: 'alex', role: 'administrator' });
    // The ID token comes straight from the token endpoint over TLS, so openid-client needs no key set.
    expect(asked).toEqual(['GET /.well-known/openid-configuration', 'POST /token']);
  });

  it('a wrong client secret is told in the same words', async () => {
    const sso = singleSignOn({ clientSecret: 'not the secret' }, { fetch });
    const { callback, pending } = await signInAtProvider(sso, { login: 'sam' });
    const outcome = await sso.finish(callback, pending);
    expect(!outcome.ok && outcome.message).toMatch(/did not accept casebridge's client id and client secret.*\(the provider answered invalid_client/);
  });

  it('a provider that is down, or never answers, is told in the same words', async () => {
    const port = await closedPort();
    await expect(singleSignOn({ issuer: `http://127.0.0.1:${port}` }, { fetch }).begin(REDIRECT_URL)).rejects.toThrow(
      `casebridge could not reach the identity provider at http://127.0.0.1:${port} (the connection was refused: ECONNREFUSED).`,
    );
    const silent = await startLocalServer(() => undefined);
    try {
      await expect(singleSignOn({ issuer: `http://127.0.0.1:${silent.port}` }, { fetch, timeoutSeconds: 0.2 }).begin(REDIRECT_URL)).rejects.toThrow(
        '(no answer within 0.2 seconds)',
      );
    } finally {
      await silent.close();
    }
  });
});

describe('roleForGroups', () => {
  it('answers the most powerful role any group maps to', () => {
    expect(roleForGroups(['casebridge-viewers', 'casebridge-designers', 'casebridge-support'], GROUP_ROLES)).toBe('designer');
    expect(roleForGroups(['casebridge-viewers'], GROUP_ROLES)).toBe('viewer');
    expect(roleForGroups(['casebridge-support', 'casebridge-admins'], GROUP_ROLES)).toBe('administrator');
  });

  it('matches Entra ID group object ids whatever their case', () => {
    const byId: GroupRole[] = [{ group: '6F1C2E0A-3B4D-4E5F-8A9B-0C1D2E3F4A5B', role: 'support' }];
    expect(roleForGroups(['6f1c2e0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b'], byId)).toBe('support');
  });

  it('answers null for no mapped group, no groups, or no mapping', () => {
    expect(roleForGroups(['finance'], GROUP_ROLES)).toBeNull();
    expect(roleForGroups([], GROUP_ROLES)).toBeNull();
    expect(roleForGroups(['casebridge-admins'], [])).toBeNull();
  });
});
