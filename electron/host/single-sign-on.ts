/**
 * Single sign-on through the council's OpenID Connect provider (Microsoft Entra ID and others):
 * the authorization code flow with PKCE (S256), `state` and `nonce`, through openid-client. The
 * server's sign-in routes call begin() with this server's callback address as the person's browser
 * names the server, keep the pending sign-in, and hand it to finish() with the address the provider
 * sent the person back to. finish() answers who the person is and the role their groups give them,
 * or why not in words.
 *
 * Decisions:
 * - The provider's configuration is discovered once for an issuer, client id and secret and kept
 *   for a day; a failed discovery is not kept, so the next sign-in tries again.
 * - HTTPS only, except an issuer on a loopback http address (a provider started by a test).
 * - Requests go through the engine's transport when the host gives it (the council's proxy, as
 *   connectors use it); otherwise Node's fetch, direct.
 * - The client secret goes as the provider's metadata allows: client_secret_basic when it lists
 *   it or lists nothing (the standard's default), else client_secret_post.
 * - The redirect URI is given per sign-in, not once: a server on every address has several names
 *   (and its port may be chosen at start), and the provider must send the person back to the name
 *   their browser used, where the pending sign-in's cookie is. The pending sign-in keeps it, so the
 *   token request names the same redirect URI with the callback's query, not the address the host
 *   saw, which a proxy in front of it may have rewritten.
 * - A pending sign-in lasts 10 minutes of the injected clock.
 * - The role is the most powerful any of the person's groups maps to; groups match without regard
 *   to case or surrounding spaces (Entra ID's group object ids are typed either way). No mapped
 *   group, no sign-in.
 * - The user name is the first of preferred_username, email and sub that is a valid casebridge
 *   user name (an account is known by issuer and subject; the user name is what people read).
 * - finish() never throws: every failure is `{ ok: false, message }`. begin() rejects with a
 *   SingleSignOnError whose message is in words, since it has nothing else to answer.
 */
import * as oidc from 'openid-client';
import { DisplayNameSchema, ROLES, UsernameSchema, type GroupRole, type Role } from '../../shared/domain/people';
import { isLoopbackHost } from '../../shared/loopback';
import { systemClock, type Clock } from '../engine/clock';
import type { FetchLike } from '../engine/connectors/http/transport';
import type { OidcConfig } from '../engine/people/people';
import { describeDiscoveryFailure, describeSignInFailure, SingleSignOnError } from './single-sign-on-problems';
import { fetchThroughTransport } from './single-sign-on-transport';

export { SingleSignOnError } from './single-sign-on-problems';

/** What the server keeps between begin() and finish() for one person's sign-in (never sent to the browser). */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** The settings the sign-in began with: a change meanwhile ends it. */
  readonly issuer: string;
  readonly clientId: string;
  /** The callback address begin() gave the provider; the token request must name it again. */
  readonly redirectUrl: string;
  readonly startedAtMs: number;
}

export type SingleSignOnOutcome =
  { ok: true; issuer: string; subject: string; username: string; displayName: string; groups: string[]; role: Role } | { ok: false; message: string };

export interface SingleSignOnOptions {
  /** The current settings, read at every sign-in; null while single sign-on is off. */
  config: () => OidcConfig | null;
  clock?: Clock;
  /** How long a request to the provider may take (default 10 seconds). */
  timeoutSeconds?: number;
  /**
   * How requests reach the provider: the engine's transport (createDefaultTransport), so they take
   * the council's proxy as connectors do. Without it, Node's fetch goes direct.
   */
  fetch?: FetchLike;
}

export interface SingleSignOn {
  /** `redirectUrl`: this server's callback address as the person's browser names it (registered with the provider). */
  begin(redirectUrl: string): Promise<{ authorizationUrl: string; pending: PendingSignIn }>;
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<SingleSignOnOutcome>;
}

export const PENDING_SIGN_IN_MS = 10 * 60_000;
const DISCOVERY_KEPT_MS = 24 * 60 * 60_000;
const SCOPE = 'openid profile email';
const GROUPS_SHOWN = 5;

export function createSingleSignOn(options: SingleSignOnOptions): SingleSignOn {
  const clock = options.clock ?? systemClock();
  const timeoutSeconds = options.timeoutSeconds ?? 10;
  const customFetch = options.fetch && fetchThroughTransport(options.fetch);
  let discovered: { key: string; at: number; configuration: Promise<oidc.Configuration> } | undefined;

  function currentConfig(): OidcConfig {
    const config = options.config();
    if (!config) throw new SingleSignOnError('Single sign-on is switched off. Sign in with a casebridge user name and password, or ask an administrator to switch it on.');
    return config;
  }

  function discover(config: OidcConfig): Promise<oidc.Configuration> {
    const key = JSON.stringify([config.issuer, config.clientId, config.clientSecret]);
    if (discovered?.key === key && clock.millis() - discovered.at < DISCOVERY_KEPT_MS) return discovered.configuration;
    const configuration = discoverProvider(config, timeoutSeconds, customFetch);
    const entry = { key, at: clock.millis(), configuration };
    discovered = entry;
    configuration.catch(() => {
      if (discovered === entry) discovered = undefined;
    });
    return configuration;
  }

  return {
    async begin(redirectUrl) {
      if (!URL.canParse(redirectUrl)) throw new Error(`The single sign-on redirect URI "${redirectUrl}" is not an address.`);
      const config = currentConfig();
      const configuration = await discover(config);
      const pending: PendingSignIn = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        issuer: config.issuer,
        clientId: config.clientId,
        redirectUrl,
        startedAtMs: clock.millis(),
      };
      const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUrl,
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { authorizationUrl: authorizationUrl.href, pending };
    },

    async finish(callbackUrl, pending) {
      try {
        const config = currentConfig();
        if (pending.issuer !== config.issuer || pending.clientId !== config.clientId) {
          return refused('The single sign-on settings changed while you were signing in. Sign in again.');
        }
        if (clock.millis() - pending.startedAtMs > PENDING_SIGN_IN_MS) {
          return refused('This sign-in was started more than 10 minutes ago, so it has expired. Sign in again.');
        }
        if (callbackUrl.searchParams.get('state') !== pending.state) {
          return refused(
            'This sign-in does not match the one this browser started (its state differs): the address may have been altered, or the sign-in was started in another browser or tab. Sign in again.',
          );
        }
        // The provider's answer on the registered redirect URI, whatever address the host saw.
        const response = new URL(pending.redirectUrl);
        response.search = callbackUrl.search;
        const tokens = await oidc.authorizationCodeGrant(await discover(config), response, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        return personFrom(tokens.claims()!, config);
      } catch (error) {
        return refused(describeSignInFailure(error, timeoutSeconds));
      }
    },
  };
}

async function discoverProvider(config: OidcConfig, timeoutSeconds: number, customFetch: oidc.CustomFetch | undefined): Promise<oidc.Configuration> {
  let issuer: URL;
  try {
    issuer = new URL(config.issuer);
  } catch {
    throw new SingleSignOnError(`The single sign-on issuer "${config.issuer}" is not an address. For Microsoft Entra ID it is https://login.microsoftonline.com/<tenant id>/v2.0.`);
  }
  const insecureAllowed = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);
  if (issuer.protocol !== 'https:' && !insecureAllowed) {
    throw new SingleSignOnError(`The single sign-on issuer ${config.issuer} must start with https:// (plain http is only for a provider on this machine).`);
  }
  try {
    return await oidc.discovery(issuer, config.clientId, undefined, secretSentAsAllowed(config.clientSecret), {
      timeout: timeoutSeconds,
      execute: insecureAllowed ? [oidc.allowInsecureRequests] : [],
      ...(customFetch ? { [oidc.customFetch]: customFetch } : {}),
    });
  } catch (error) {
    throw new SingleSignOnError(describeDiscoveryFailure(error, config.issuer, timeoutSeconds));
  }
}

/** client_secret_basic unless the provider lists only client_secret_post (decided per request, from its metadata). */
function secretSentAsAllowed(secret: string): oidc.ClientAuth {
  const basic = oidc.ClientSecretBasic(secret);
  const post = oidc.ClientSecretPost(secret);
  return (server, client, body, headers) => {
    const methods = server.token_endpoint_auth_methods_supported;
    const postOnly = methods !== undefined && !methods.includes('client_secret_basic') && methods.includes('client_secret_post');
    (postOnly ? post : basic)(server, client, body, headers);
  };
}

/** The person the ID token vouches for, with their role; or why they may not sign in. */
function personFrom(claims: oidc.IDToken, config: OidcConfig): SingleSignOnOutcome {
  const groups = groupsFrom(claims, config.groupsClaim);
  if (!Array.isArray(groups)) return groups;
  const username = usernameFrom(claims);
  if (!username) {
    return refused(
      'Your identity provider sent no user name casebridge can use (it reads preferred_username, then email, then sub: letters, digits and . _ @ - only). Ask your IT service desk to check your account.',
    );
  }
  const role = roleForGroups(groups, config.groupRoles);
  if (!role) {
    const sent =
      groups.length === 0
        ? `your identity provider sent no groups in the "${config.groupsClaim}" claim`
        : `your identity provider sent ${groups.slice(0, GROUPS_SHOWN).join(', ')}${groups.length > GROUPS_SHOWN ? ` and ${groups.length - GROUPS_SHOWN} more` : ''}`;
    return refused(
      `Your account is in none of the groups casebridge accepts (${sent}). Ask your IT service desk to add you to one of the groups given a role in casebridge's single sign-on settings.`,
    );
  }
  const name = DisplayNameSchema.safeParse(typeof claims.name === 'string' ? claims.name.slice(0, 100) : '');
  return { ok: true, issuer: claims.iss, subject: claims.sub, username, displayName: name.success ? name.data : username, groups, role };
}

function groupsFrom(claims: oidc.IDToken, groupsClaim: string): string[] | { ok: false; message: string } {
  const value = claims[groupsClaim];
  if (value === undefined) {
    // Entra ID leaves the groups out, and points elsewhere, for a person in more than 200 of them.
    const names = claims._claim_names as Record<string, unknown> | undefined;
    if (names && typeof names === 'object' && groupsClaim in names) {
      return refused(
        'Your identity provider left your groups out of the sign-in because you are in too many of them (Microsoft Entra ID does this above 200). An administrator should set the app registration to send only the groups assigned to the application.',
      );
    }
    return [];
  }
  if (!Array.isArray(value) || !value.every((group) => typeof group === 'string')) {
    return refused(
      `Your identity provider's "${groupsClaim}" claim is not a list of group names or ids, so casebridge cannot tell your role. An administrator should check the groups claim in the single sign-on settings.`,
    );
  }
  return value;
}

function usernameFrom(claims: oidc.IDToken): string | undefined {
  for (const candidate of [claims.preferred_username, claims.email, claims.sub]) {
    const username = UsernameSchema.safeParse(candidate);
    if (username.success) return username.data;
  }
  return undefined;
}

/** The most powerful role any of `groups` is given (ROLES runs from most to least powerful), or null. */
export function roleForGroups(groups: readonly string[], groupRoles: readonly GroupRole[]): Role | null {
  const held = new Set(groups.map(sameGroup));
  const roles = new Set(groupRoles.filter((mapping) => held.has(sameGroup(mapping.group))).map((mapping) => mapping.role));
  return ROLES.find((role) => roles.has(role)) ?? null;
}

function sameGroup(group: string): string {
  return group.trim().toLowerCase();
}

function refused(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
