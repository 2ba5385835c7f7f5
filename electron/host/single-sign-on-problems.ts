/**
 * What went wrong with a single sign-on, in words for a council IT person: what happened, what to
 * check. openid-client reports failures as errors of several classes with OAuth codes; this one
 * table turns each into a sentence, keeping the provider's own code in brackets for the service desk.
 */
import * as oidc from 'openid-client';

/** A single sign-on that cannot go on; its message is already in words. */
export class SingleSignOnError extends Error {
  override readonly name = 'SingleSignOnError';
}

const AUTHORIZATION_REFUSALS: Readonly<Record<string, string>> = {
  access_denied:
    'The identity provider did not let you sign in to casebridge. If you pressed Cancel, sign in again; otherwise ask your IT service desk whether your account may use casebridge',
  login_required: 'The identity provider needs you to sign in again. Start the sign-in once more',
  interaction_required: 'The identity provider needs you to sign in again. Start the sign-in once more',
  consent_required: 'The identity provider needs someone to agree that casebridge may read your profile: ask your IT service desk to grant consent to the casebridge app',
  temporarily_unavailable: 'The identity provider is busy or down. Try again in a few minutes',
  server_error: 'The identity provider failed while signing you in. Try again in a few minutes',
};

const TOKEN_REFUSALS: Readonly<Record<string, string>> = {
  invalid_client:
    "The identity provider did not accept casebridge's client id and client secret. An administrator should check them in the single sign-on settings (client secrets expire: Microsoft Entra ID's after at most two years)",
  unauthorized_client:
    "The identity provider does not let casebridge's client id use the sign-in code flow. An administrator should check the app registration (a web platform with this server's redirect URI)",
  invalid_grant:
    'The identity provider refused the sign-in code: it was already used, has expired, or was made for another sign-in or redirect URI. Sign in again; if it happens every time, check the redirect URI registered with the provider',
};

/** Why the provider's configuration could not be read from `issuer`. */
export function describeDiscoveryFailure(error: unknown, issuer: string, timeoutSeconds: number): string {
  const where = `the identity provider at ${issuer}`;
  const unreachable = networkFailure(error, timeoutSeconds);
  if (unreachable)
    return `casebridge could not reach ${where} (${unreachable}). Check the issuer address and that this server can reach it through the council's proxy and firewall.`;
  if (error instanceof oidc.ClientError) {
    const detail = issuerMismatch(error);
    if (detail) return `The identity provider at ${issuer} says its issuer is ${detail}. Enter exactly that as the issuer in the single sign-on settings.`;
    if (error.code === 'OAUTH_HTTP_REQUEST_FORBIDDEN') return `The issuer ${issuer} must start with https:// (plain http is only for a provider on this machine).`;
  }
  return `${issuer}/.well-known/openid-configuration did not answer with an OpenID Connect configuration (${discoveryAnswer(error)}). Check the issuer: for Microsoft Entra ID it is https://login.microsoftonline.com/<tenant id>/v2.0.`;
}

/** Why a sign-in the provider sent back could not be finished. */
export function describeSignInFailure(error: unknown, timeoutSeconds: number): string {
  if (error instanceof SingleSignOnError) return error.message;
  if (error instanceof oidc.AuthorizationResponseError) {
    const words = AUTHORIZATION_REFUSALS[error.error] ?? 'The identity provider refused the sign-in';
    return `${words} (the provider answered ${providerSaid(error.error, error.error_description)}).`;
  }
  const token = tokenRefusal(error);
  if (token) {
    const words = TOKEN_REFUSALS[token.error] ?? 'The identity provider refused to finish the sign-in';
    return `${words} (the provider answered ${providerSaid(token.error, token.description)}).`;
  }
  const unreachable = networkFailure(error, timeoutSeconds);
  if (unreachable)
    return `casebridge could not reach the identity provider to finish the sign-in (${unreachable}). Try again; if it keeps happening, check that this server can reach the provider.`;
  if (error instanceof oidc.ClientError && error.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    return "The identity provider's sign-in token is dated in the future or has expired: check that this server's clock is right, then sign in again.";
  }
  return `The identity provider's answer could not be trusted, so the sign-in was refused (${brief(error)}). Sign in again; if it keeps happening, an administrator should check the single sign-on settings.`;
}

/** Why a connection failed, by the system's or the HTTP client's code. */
const CONNECTION_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'its name could not be found in DNS',
  EAI_AGAIN: 'its name could not be looked up: DNS did not answer',
  ECONNRESET: 'the connection was cut',
  UND_ERR_SOCKET: 'the connection was cut',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  EHOSTUNREACH: 'the network has no route to it',
  ENETUNREACH: 'the network has no route to it',
};

/** A connection that failed or timed out, in a few words with its code; undefined for any other failure. */
function networkFailure(error: unknown, timeoutSeconds: number): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (error instanceof oidc.ClientError && (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT')) return `no answer within ${timeoutSeconds} seconds`;
  const failure = connectionFailure(error);
  if (!failure?.code) return failure?.message;
  if (failure.code in CONNECTION_FAILURES) return `${CONNECTION_FAILURES[failure.code]}: ${failure.code}`;
  if (/CERT|SSL|TLS/.test(failure.code))
    return `its HTTPS certificate is not trusted by this server: ${failure.code}; if a firewall re-signs secure traffic, ask IT to exempt the provider or to give casebridge the firewall's certificate with NODE_EXTRA_CA_CERTS`;
  return failure.code;
}

/**
 * Node's fetch fails to connect with a TypeError whose cause has the code; the engine's transport
 * with a node-fetch FetchError that has it, which openid-client wraps in a ClientError.
 */
function connectionFailure(error: unknown): { code?: string; message: string } | undefined {
  const cause =
    error instanceof TypeError && error.message === 'fetch failed'
      ? error.cause
      : error instanceof oidc.ClientError && error.cause instanceof Error && error.cause.name === 'FetchError'
        ? error.cause
        : undefined;
  if (cause === undefined) return undefined;
  const code = (cause as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : undefined, message: cause instanceof Error ? cause.message : 'the connection failed' };
}

/** The token endpoint's refusal, from its JSON body or (a 401, as for a wrong client secret) its WWW-Authenticate challenge. */
function tokenRefusal(error: unknown): { error: string; description?: string } | undefined {
  if (error instanceof oidc.ResponseBodyError) return { error: error.error, description: error.error_description };
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    const said = error.cause.find((challenge) => typeof challenge.parameters.error === 'string')?.parameters;
    if (said?.error) return { error: said.error, description: said.error_description };
    return { error: error.status === 401 ? 'invalid_client' : `HTTP ${error.status}` };
  }
  return undefined;
}

function discoveryAnswer(error: unknown): string {
  if (error instanceof oidc.ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM')
    return `it answered HTTP ${(error.cause as Response | undefined)?.status ?? 'with an error'}`;
  if (error instanceof oidc.ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_JSON') return 'it answered something other than JSON';
  return brief(error);
}

function issuerMismatch(error: oidc.ClientError): string | undefined {
  const cause = error.cause as { attribute?: string; body?: { issuer?: unknown } } | undefined;
  return cause?.attribute === 'issuer' && typeof cause.body?.issuer === 'string' ? cause.body.issuer : undefined;
}

function providerSaid(code: string, description: string | undefined): string {
  return description ? `${code}: ${description.slice(0, 300)}` : code;
}

function brief(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
