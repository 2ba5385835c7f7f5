/**
 * The Network page's engine side: what getNetworkInfo, saveNetworkSettings and diagnoseConnection
 * answer, from the modules beside it (one job each) and the connectors' saved settings.
 */
import { hostname } from 'node:os';
import type { ConnectionSummary, NetworkConnectorId, Diagnosis, InterfaceAddress, NetworkInfo, NetworkSettings, PublicAddress } from '../../../shared/domain/network';
import { CallRefusedError } from '../../../shared/dispatch';
import type { Clock } from '../clock';
import type { CivicaCxSettingsService } from '../connectors/civica-cx/settings-service';
import type { TascomiSettingsService } from '../connectors/tascomi/settings-service';
import type { ProxyEnv } from '../connectors/http/transport';
import type { RateLimits } from '../connectors/rate-limits';
import type { LogBus } from '../log/log-bus';
import type { SettingsRepo } from '../store/settings-repo';
import { CX_LABEL, cxCheck } from './cx-check';
import { diagnose, type DiagnoseDeps } from './diagnose';
import type { ConnectorCheck } from './diagnosis/connector-check';
import { listInterfaceAddresses } from './interfaces';
import { createNetworkSettings } from './network-settings';
import { describeProxySetup } from './proxy';
import { readPublicAddress, type PublicAddressDeps } from './public-address';
import { TASCOMI_LABEL, tascomiCheck } from './tascomi-check';

export interface NetworkService {
  info(): Promise<NetworkInfo>;
  saveSettings(input: NetworkSettings): NetworkSettings;
  diagnose(connector: NetworkConnectorId): Promise<Diagnosis>;
  /** Stops the diagnoses under way at once (their sockets closed); any asked for later stop at once too. */
  stop(): void;
}

export interface NetworkServiceDeps {
  settings: SettingsRepo;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
  tascomi: Pick<TascomiSettingsService, 'get' | 'activeTarget'>;
  /** Civica Cx's settings: listed once set up, and diagnosable; without them the page is Tascomi's only. */
  civicaCx?: Pick<CivicaCxSettingsService, 'get' | 'activeTarget'>;
  /** The connections' rate limits: a diagnosis's signed requests wait their turn with the jobs'. */
  rateLimits?: Pick<RateLimits, 'limiterFor'>;
  proxyEnv?: ProxyEnv;
  interfaces?: () => InterfaceAddress[];
  publicAddress?: PublicAddressDeps;
  /** Overrides for the diagnosis (tests: timeouts, a trusted test certificate). */
  diagnose?: Partial<Omit<DiagnoseDeps, 'clock' | 'allowlistAddresses'>>;
}

/** The addresses a remote system could need to allow: the public one first, then local IPv4, then IPv6. */
export function allowlistAddresses(publicAddress: PublicAddress, interfaces: InterfaceAddress[]): string[] {
  const local = interfaces.filter((a) => !a.linkLocal).sort((a, b) => a.family.localeCompare(b.family));
  return [...new Set([...(publicAddress.status === 'found' ? [publicAddress.address] : []), ...local.map((a) => a.address)])];
}

export function createNetworkService(deps: NetworkServiceDeps): NetworkService {
  const store = createNetworkSettings(deps);
  const env = deps.proxyEnv ?? process.env;
  const interfaces = deps.interfaces ?? (() => listInterfaceAddresses());
  const publicAddress = () => readPublicAddress(store.get(), { proxyEnv: env, ...deps.publicAddress });
  const stopping = new AbortController();

  const connections = async (): Promise<ConnectionSummary[]> => {
    const [view, target] = await Promise.all([deps.tascomi.get(), deps.tascomi.activeTarget()]);
    const list: ConnectionSummary[] = [
      {
        connector: 'tascomi',
        label: TASCOMI_LABEL,
        configured: Boolean(target),
        ...(view.baseUrl ? { baseUrl: view.baseUrl } : {}),
        ...(target
          ? {}
          : { reason: view.enabled ? 'Its address or keys are missing: complete them on the Connections page.' : 'It is switched off: set it up on the Connections page.' }),
      },
    ];
    if (deps.civicaCx) {
      const [cxView, cxTarget] = await Promise.all([deps.civicaCx.get(), deps.civicaCx.activeTarget()]);
      // Shown once it has been set up (an address saved or switched on); until then the page is Tascomi's alone.
      if (cxView.enabled || cxView.baseUrl)
        list.push({
          connector: 'civica-cx',
          label: CX_LABEL,
          configured: Boolean(cxTarget),
          ...(cxView.baseUrl ? { baseUrl: cxView.baseUrl } : {}),
          ...(cxTarget
            ? {}
            : {
                reason: cxView.enabled
                  ? 'Its address, username or password is missing: complete them on the Connections page.'
                  : 'It is switched off: set it up on the Connections page.',
              }),
        });
    }
    return list;
  };

  const notSetUp = (label: string, what: string) =>
    new CallRefusedError(`${label} is not set up: enable it with ${what} on the Connections page, then diagnose it.`, 'invalid_input', [
      { path: 'connector', message: 'not configured' },
    ]);
  const checkFor = async (connector: NetworkConnectorId): Promise<ConnectorCheck> => {
    const timeoutMs = deps.diagnose?.stepTimeoutMs;
    if (connector === 'tascomi') {
      const target = await deps.tascomi.activeTarget();
      if (!target) throw notSetUp(TASCOMI_LABEL, 'its address and keys');
      return tascomiCheck(target, { clock: deps.clock, proxyEnv: env, timeoutMs, rateLimits: deps.rateLimits });
    }
    if (connector === 'civica-cx' && deps.civicaCx) {
      const target = await deps.civicaCx.activeTarget();
      if (!target) throw notSetUp(CX_LABEL, 'its API URL, username and password');
      return cxCheck(target, { clock: deps.clock, proxyEnv: env, timeoutMs, rateLimits: deps.rateLimits });
    }
    throw new CallRefusedError(`casebridge cannot diagnose ${connector} connections yet.`, 'invalid_input', [{ path: 'connector', message: 'not yet supported' }]);
  };

  return {
    async info() {
      const [found, list] = await Promise.all([publicAddress(), connections()]);
      return {
        hostname: hostname(),
        interfaces: interfaces(),
        publicAddress: found,
        proxy: describeProxySetup(
          env,
          list.filter((c) => c.baseUrl).map((c) => ({ connector: c.connector, label: c.label, target: c.baseUrl! })),
        ),
        connections: list,
        settings: store.get(),
        checkedAt: deps.clock.now().toISO()!,
      };
    },

    saveSettings: (input) => store.save(input),

    async diagnose(connector) {
      const check = await checkFor(connector);
      // Asked at most once per diagnosis, and only when advice or the result needs it.
      let addresses: Promise<string[]> | undefined;
      const result = await diagnose(check, {
        clock: deps.clock,
        proxyEnv: env,
        ...deps.diagnose,
        signal: stopping.signal,
        allowlistAddresses: () => (addresses ??= publicAddress().then((found) => allowlistAddresses(found, interfaces()))),
      });
      // A stopped diagnosis says nothing about the connection, and the log closes with the engine.
      if (stopping.signal.aborted) return result;
      const warning = result.steps.find((s) => s.status === 'warning');
      deps.log.write({
        level: result.ok && !warning ? 'info' : 'warn',
        source: 'network',
        message: !result.ok
          ? `Network diagnosis of ${result.label} (${result.target}) failed at "${result.steps.find((s) => s.status === 'failed')?.label}": ${result.reason}`
          : warning
            ? `Network diagnosis of ${result.label} (${result.target}): every step passed, with a warning at "${warning.label}": ${warning.detail}`
            : `Network diagnosis of ${result.label} (${result.target}): every step passed.`,
      });
      return result;
    },

    stop: () => stopping.abort(),
  };
}
