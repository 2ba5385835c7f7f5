/**
 * The Civica Cx connection settings: stored in the engine's settings, the password only in the
 * secret store; saved only after a successful verification when the integration is enabled; a
 * blank password keeps the stored one. The company list and Test API run with the form's values,
 * any of which may be left out to use the saved ones; the stored password goes only to the saved
 * API URL as the saved username (stored-secret.ts).
 */
import {
  CivicaCxSettingsSchema,
  CX_STORED_PASSWORD,
  DEFAULT_CIVICA_CX_SETTINGS,
  type CivicaCxProbeInput,
  type CivicaCxSettings,
  type CivicaCxSettingsInput,
  type CivicaCxSettingsView,
  type CxCompaniesResult,
  type CxConnectionTestResult,
  type SaveCivicaCxResult,
} from '../../../../shared/domain/civica-cx';
import type { Clock } from '../../clock';
import type { LogBus } from '../../log/log-bus';
import type { SecretStore } from '../../secrets';
import type { SettingsRepo } from '../../store/settings-repo';
import { createStoredSecret } from '../stored-secret';
import { CX_CONNECTOR } from './client';
import type { CxProber, CxTarget } from './diagnostics';

const SETTINGS_KEY = 'civica-cx.settings';
const SAVED_AT_KEY = 'civica-cx.settings.saved-at';
export const CX_PASSWORD_SECRET = 'civica-cx.password';

const NO_PASSWORD = 'There is no password: enter the password of the Cx user with API permissions.';
const INCOMPLETE = 'Enter the API URL and the username first (or save them).';

export interface CivicaCxSettingsService {
  get(): Promise<CivicaCxSettingsView>;
  /** The stored settings and password, for the connector; undefined while disabled or incomplete. */
  activeTarget(): Promise<(CivicaCxSettings & CxTarget) | undefined>;
  save(input: CivicaCxSettingsInput): Promise<SaveCivicaCxResult>;
  test(probe: CivicaCxProbeInput): Promise<CxConnectionTestResult>;
  listCompanies(probe: CivicaCxProbeInput): Promise<CxCompaniesResult>;
}

export function createCivicaCxSettingsService(deps: {
  settings: SettingsRepo;
  secrets: SecretStore;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
  prober: CxProber;
}): CivicaCxSettingsService {
  const stored = (): CivicaCxSettings => {
    const parsed = CivicaCxSettingsSchema.safeParse(deps.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.data : { ...DEFAULT_CIVICA_CX_SETTINGS };
  };
  const bindingOf = (settings: { baseUrl: string; username: string }) => ({ baseUrl: settings.baseUrl, user: settings.username });
  const storedPassword = createStoredSecret({ secrets: deps.secrets, name: CX_PASSWORD_SECRET, kind: CX_STORED_PASSWORD, saved: () => bindingOf(stored()) });
  const view = async (): Promise<CivicaCxSettingsView> => {
    const savedAt = deps.settings.get(SAVED_AT_KEY);
    return { ...stored(), passwordSet: await storedPassword.isSet(), ...(typeof savedAt === 'string' ? { savedAt } : {}) };
  };
  const failed = (reason: string): CxConnectionTestResult => ({
    ok: false,
    steps: [{ step: 'signIn', label: 'Sign in with the username and password', ok: false, ms: 0, detail: reason }],
    reason,
  });

  /** The probe's values, the saved ones filling what it leaves out. */
  const targetFor = async (probe: CivicaCxProbeInput): Promise<CxTarget | string> => {
    const saved = stored();
    const baseUrl = probe.baseUrl ?? saved.baseUrl;
    const username = probe.username ?? saved.username;
    if (!baseUrl || !username) return INCOMPLETE;
    const password = await storedPassword.forCall(probe.password, { baseUrl, user: username });
    if (!password) return NO_PASSWORD;
    return { baseUrl, username, password, companyCode: probe.companyCode ?? saved.companyCode };
  };

  return {
    get: view,

    async activeTarget() {
      const settings = stored();
      if (!settings.enabled || !settings.baseUrl || !settings.username) return undefined;
      const password = await storedPassword.forCall(undefined, bindingOf(settings));
      return password ? { ...settings, password } : undefined;
    },

    async save(input) {
      const { password: given, ...rest } = input;
      const next = CivicaCxSettingsSchema.parse(rest);
      const password = await storedPassword.forSave(given, bindingOf(next), next.enabled);
      let test: CxConnectionTestResult | undefined;
      if (next.enabled) {
        test = password.value
          ? await deps.prober.testConnection({ baseUrl: next.baseUrl, username: next.username, password: password.value, companyCode: next.companyCode })
          : failed(NO_PASSWORD);
        if (!test.ok) {
          deps.log.write({ level: 'warn', source: CX_CONNECTOR, message: `Civica Cx settings were not saved: ${test.reason ?? 'the connection could not be verified'}` });
          return { saved: false, settings: await view(), test };
        }
      }
      await password.commit();
      const now = deps.clock.now().toISO()!;
      const before = stored();
      deps.settings.set(SETTINGS_KEY, next, now);
      deps.settings.set(SAVED_AT_KEY, now, now);
      const startDateNote =
        before.repairsStartDate !== next.repairsStartDate ? ` The repairs start date (${next.repairsStartDate || 'none'}) applies from each customer's next refresh.` : '';
      deps.log.write({
        level: 'info',
        source: CX_CONNECTOR,
        message: next.enabled
          ? `Civica Cx settings saved; the integration is enabled and the connection to ${next.baseUrl} was verified${next.companyCode ? ` with company ${next.companyCode}` : ''}.${startDateNote}`
          : `Civica Cx settings saved; the integration is disabled.${startDateNote}${password.note ? ` ${password.note}` : ''}`,
      });
      return { saved: true, settings: await view(), ...(test ? { test } : {}) };
    },

    async test(probe) {
      const target = await targetFor(probe);
      if (typeof target === 'string') return failed(target);
      const result = await deps.prober.testConnection(target);
      deps.log.write({
        level: result.ok ? 'info' : 'warn',
        source: CX_CONNECTOR,
        message: result.ok ? `Civica Cx Test API passed${target.companyCode ? ` with company ${target.companyCode}` : ''}.` : `Civica Cx Test API failed: ${result.reason}`,
      });
      return result;
    },

    async listCompanies(probe) {
      const target = await targetFor(probe);
      if (typeof target === 'string') return { ok: false, companies: [], reason: target };
      return deps.prober.listCompanies(target);
    },
  };
}
