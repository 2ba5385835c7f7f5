/**
 * Single sign-on settings (people.ts's SignInSettings): the identity provider, the client, and
 * which groups get which role, kept in the engine's settings; the client secret in the SecretStore
 * beside the connections' secrets, never in the database and never answered (only "set").
 *
 * Decisions:
 * - `oidc()` is read on every sign-in page and must answer at once, so the secret is read from the
 *   SecretStore when the engine starts and kept in memory after each save. Until it has been read
 *   (a moment after start) or when it cannot be read, `oidc()` answers null and the log says why.
 * - Switched on means complete: a save that switches it on without an issuer, a client id, a
 *   client secret (typed or kept) or a group mapping is refused on that field. `oidc()` also
 *   answers null for stored settings that are not complete, whatever their `enabled` says.
 * - Switching off keeps the secret, so switching on again needs no retyping.
 * - An issuer over plain http is accepted only on this machine (a test provider); the client
 *   secret is sent to it.
 */
import type { ContractIssue } from '../../../shared/contract';
import { SignInSettingsInputSchema, type Caller, type SignInSettingsInput, type SignInSettingsView } from '../../../shared/domain/people';
import { isLoopbackHost } from '../../../shared/loopback';
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { SecretStore } from '../secrets';
import type { SettingsRepo } from '../store/settings-repo';
import { parsedOrRefused, refusedFor } from './input-refusal';
import type { OidcConfig, SignInSettings } from './people';

export const SIGN_IN_SETTINGS_KEY = 'signIn.oidc';
export const OIDC_CLIENT_SECRET = 'oidc.client-secret';

type StoredSettings = Omit<SignInSettingsView, 'clientSecretSet' | 'redirectUrl'>;
const OFF: StoredSettings = (({ clientSecret: _none, ...rest }) => rest)(SignInSettingsInputSchema.parse({ enabled: false, issuer: '', clientId: '' }));

export interface SignInSettingsStore extends SignInSettings {
  view(): Promise<SignInSettingsView>;
  save(input: SignInSettingsInput, by: Caller): Promise<SignInSettingsView>;
  /** Settles once the stored client secret has been read (or could not be). */
  ready: Promise<void>;
}

function insecureIssuer(issuer: string): boolean {
  if (!issuer) return false;
  const url = new URL(issuer);
  return url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

export function createSignInSettings(deps: { settings: SettingsRepo; secrets: SecretStore; clock: Clock; log: Pick<LogBus, 'write'> }): SignInSettingsStore {
  const log = (level: 'info' | 'warn', message: string) => deps.log.write({ level, source: 'accounts', message });
  let secret: string | undefined;

  const stored = (): StoredSettings => {
    const value = deps.settings.get(SIGN_IN_SETTINGS_KEY);
    if (value === undefined) return OFF;
    const parsed = SignInSettingsInputSchema.safeParse(value);
    return parsed.success ? (({ clientSecret: _none, ...rest }) => rest)(parsed.data) : OFF;
  };

  const ready = deps.secrets.get(OIDC_CLIENT_SECRET).then(
    (value) => void (secret = value),
    (error: unknown) =>
      void log(
        'warn',
        `Single sign-on is unavailable: its client secret cannot be read (${error instanceof Error ? error.message : String(error)}). Enter it again on the Accounts page.`,
      ),
  );

  const view = async (): Promise<SignInSettingsView> => ({ ...stored(), clientSecretSet: await deps.secrets.has(OIDC_CLIENT_SECRET) });

  return {
    ready,
    oidc(): OidcConfig | null {
      const settings = stored();
      if (!settings.enabled || !settings.issuer || !settings.clientId || !secret || settings.groupRoles.length === 0) return null;
      const { issuer, clientId, groupsClaim, groupRoles, buttonLabel } = settings;
      return { issuer, clientId, clientSecret: secret, groupsClaim, groupRoles, buttonLabel };
    },
    view,
    async save(input, by) {
      // Parsed again: callers inside the engine do not pass through the contract's schema.
      const what = 'The single sign-on settings are not valid';
      const { clientSecret, ...next } = parsedOrRefused(SignInSettingsInputSchema, input, what);
      const refuse = (issues: ContractIssue[]) => refusedFor(what, issues);
      if (insecureIssuer(next.issuer)) throw refuse([{ path: 'issuer', message: 'must be an https address (plain http only for a provider on this machine)' }]);
      if (next.enabled && !clientSecret && !(await deps.secrets.has(OIDC_CLIENT_SECRET))) throw refuse([{ path: 'clientSecret', message: 'needed to switch single sign-on on' }]);
      if (clientSecret) {
        await deps.secrets.set(OIDC_CLIENT_SECRET, clientSecret);
        secret = clientSecret;
      }
      deps.settings.set(SIGN_IN_SETTINGS_KEY, next, deps.clock.now().toISO()!);
      const groups = `${next.groupRoles.length} group${next.groupRoles.length === 1 ? '' : 's'} mapped to roles`;
      log(
        'info',
        `${by.name} saved the single sign-on settings: ${next.enabled ? `on, with ${next.issuer} (client ${next.clientId}), ${groups}` : 'off'}${clientSecret ? '; a new client secret was stored' : ''}.`,
      );
      return view();
    },
  };
}
