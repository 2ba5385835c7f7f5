/**
 * The Tascomi connection settings: stored in the engine's settings (the private key in the secret
 * store), saved only after a successful verification when the integration is enabled, as the seed
 * asks, and tested or access-checked with the form's values before they are saved. A blank private
 * key means the stored one, which signs only for the saved address and public key (stored-secret.ts).
 */
import {
  checkTascomiBaseUrl,
  DEFAULT_TASCOMI_SETTINGS,
  TASCOMI_STORED_KEY,
  TascomiSettingsSchema,
  type ApiAccessResult,
  type ConnectionTestResult,
  type DuplicateGuardCheck,
  type SaveTascomiResult,
  type TascomiProbeInput,
  type TascomiSettings,
  type TascomiSettingsInput,
  type TascomiSettingsView,
  type WriteAccessConfirmation,
} from '../../../../shared/domain/tascomi';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import type { SecretStore } from '../../secrets';
import type { SettingsRepo } from '../../store/settings-repo';
import { createStoredSecret } from '../stored-secret';

const SETTINGS_KEY = 'tascomi.settings';
const SAVED_AT_KEY = 'tascomi.settings.saved-at';
/** The last case reference field check, with the address it was made against. */
const GUARD_CHECK_KEY = 'tascomi.duplicate-guard-check';
export const TASCOMI_PRIVATE_KEY_SECRET = 'tascomi.private-key';

/** Where a test or check connects: complete, with the secret. */
export interface TascomiTarget {
  baseUrl: string;
  publicKey: string;
  privateKey: string;
  timeZone: string;
}

/** Runs the connection test and the access check against a target (the connector's diagnostics). */
export interface TascomiProber {
  testConnection(target: TascomiTarget): Promise<ConnectionTestResult>;
  checkAccess(target: TascomiTarget): Promise<ApiAccessResult>;
  /** Creates, updates and reads back one marked record per written table (person-started only). */
  confirmWriteAccess(target: TascomiTarget): Promise<WriteAccessConfirmation>;
}

export interface TascomiSettingsService {
  get(): Promise<TascomiSettingsView>;
  /** The stored settings and key, for the connector; undefined while disabled or incomplete. */
  activeTarget(): Promise<(TascomiSettings & TascomiTarget) | undefined>;
  save(input: TascomiSettingsInput): Promise<SaveTascomiResult>;
  test(probe: TascomiProbeInput): Promise<ConnectionTestResult>;
  checkAccess(probe: TascomiProbeInput): Promise<ApiAccessResult>;
  confirmWriteAccess(probe: TascomiProbeInput): Promise<WriteAccessConfirmation>;
  /** Why the duplicate guard is off for the saved address (its last connection test said so), or undefined. */
  duplicateGuardOff(): string | undefined;
}

const NO_KEY_REASON = 'There is no API private key: enter the private key Tascomi gave you.';

export function createTascomiSettingsService(deps: { settings: SettingsRepo; secrets: SecretStore; clock: Clock; log: LogBus; prober: TascomiProber }): TascomiSettingsService {
  const stored = (): TascomiSettings => {
    const parsed = TascomiSettingsSchema.safeParse(deps.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.data : { ...DEFAULT_TASCOMI_SETTINGS };
  };
  const bindingOf = (settings: { baseUrl: string; publicKey: string }) => ({ baseUrl: settings.baseUrl, user: settings.publicKey });
  const privateKey = createStoredSecret({ secrets: deps.secrets, name: TASCOMI_PRIVATE_KEY_SECRET, kind: TASCOMI_STORED_KEY, saved: () => bindingOf(stored()) });
  const view = async (): Promise<TascomiSettingsView> => {
    const savedAt = deps.settings.get(SAVED_AT_KEY);
    return {
      ...stored(),
      privateKeySet: await privateKey.isSet(),
      ...(typeof savedAt === 'string' ? { savedAt } : {}),
    };
  };
  /** The key the form gave, or the stored one when the probe goes to the saved address with the saved public key. */
  const privateKeyFor = (probe: TascomiProbeInput) => privateKey.forCall(probe.privateKey, bindingOf(probe));
  const noKey = (): ConnectionTestResult => ({
    ok: false,
    steps: [{ step: 'authenticate', label: 'Authenticate', ok: false, ms: 0, detail: NO_KEY_REASON }],
    reason: NO_KEY_REASON,
  });

  // Kept per address: a test of another address (not saved yet) says nothing about the saved one.
  const rememberGuard = (baseUrl: string, test: ConnectionTestResult) => {
    if (!test.duplicateGuard) return;
    const check: DuplicateGuardCheck & { baseUrl: string } = { baseUrl, ...test.duplicateGuard };
    deps.settings.set(GUARD_CHECK_KEY, check, deps.clock.now().toISO()!);
  };
  const guardCheck = (): { baseUrl?: unknown; guard?: unknown; detail?: unknown } => {
    const value = deps.settings.get(GUARD_CHECK_KEY);
    return value && typeof value === 'object' ? value : {};
  };

  return {
    get: view,

    duplicateGuardOff() {
      const check = guardCheck();
      return check.guard === 'off' && check.baseUrl === stored().baseUrl && typeof check.detail === 'string' ? check.detail : undefined;
    },

    async activeTarget() {
      const settings = stored();
      if (!settings.enabled || !settings.baseUrl || !settings.publicKey) return undefined;
      const key = await privateKey.forCall(undefined, bindingOf(settings));
      return key ? { ...settings, privateKey: key } : undefined;
    },

    async save(input) {
      const { privateKey: givenKey, ...rest } = input;
      const next = TascomiSettingsSchema.parse(rest);
      const key = await privateKey.forSave(givenKey, bindingOf(next), next.enabled);
      let test: ConnectionTestResult | undefined;
      if (next.enabled) {
        test = key.value ? await deps.prober.testConnection({ baseUrl: next.baseUrl, publicKey: next.publicKey, privateKey: key.value, timeZone: next.timeZone }) : noKey();
        if (!test.ok) {
          deps.log.write({ level: 'warn', source: 'tascomi', message: `Tascomi settings were not saved: ${test.reason ?? 'the connection could not be verified'}` });
          return { saved: false, settings: await view(), test };
        }
      }
      await key.commit();
      const now = deps.clock.now().toISO()!;
      if (test) rememberGuard(next.baseUrl, test);
      deps.settings.set(SETTINGS_KEY, next, now);
      deps.settings.set(SAVED_AT_KEY, now, now);
      deps.log.write({
        level: 'info',
        source: 'tascomi',
        message: next.enabled
          ? `Tascomi settings saved; the integration is enabled and the connection to ${next.baseUrl} was verified.`
          : `Tascomi settings saved; the integration is disabled.${key.note ? ` ${key.note}` : ''}`,
      });
      return { saved: true, settings: await view(), ...(test ? { test } : {}) };
    },

    async test(probe) {
      const key = await privateKeyFor(probe);
      if (!key) return noKey();
      const result = await deps.prober.testConnection({ baseUrl: probe.baseUrl, publicKey: probe.publicKey, privateKey: key, timeZone: probe.timeZone });
      const address = checkTascomiBaseUrl(probe.baseUrl);
      if (address.ok && address.baseUrl === stored().baseUrl) rememberGuard(address.baseUrl, result);
      return result;
    },

    async checkAccess(probe) {
      const key = await privateKeyFor(probe);
      if (!key) return { ok: false, rows: [], reason: NO_KEY_REASON };
      return deps.prober.checkAccess({ baseUrl: probe.baseUrl, publicKey: probe.publicKey, privateKey: key, timeZone: probe.timeZone });
    },

    async confirmWriteAccess(probe) {
      const key = await privateKeyFor(probe);
      if (!key) return { ok: false, marker: '', checks: [], created: [], reason: NO_KEY_REASON };
      return deps.prober.confirmWriteAccess({ baseUrl: probe.baseUrl, publicKey: probe.publicKey, privateKey: key, timeZone: probe.timeZone });
    },
  };
}
