/**
 * The Network page's engine side: what getNetworkInfo, saveNetworkSettings and diagnoseConnection
 * answer, from the modules beside it (one job each) and the connectors' saved settings.
 */
import { hostname } from 'node:os';
import type { ConnectorId } from '../../../shared/domain/job';
import type { ConnectionSummary, Diagnosis, InterfaceAddress, NetworkInfo, NetworkSettings, PublicAddress } from '../../../shared/domain/network';
import { CallRefusedError } from '../../../shared/dispatch';
import type { Clock } from '../clock';
import type { TascomiSettingsService } from '../connectors/tascomi/settings-service';
import type { ProxyEnv } from '../connectors/tascomi/transport';
import type { LogBus } from '../log/log-bus';
import type { SettingsRepo } from '../store/settings-repo';
import { diagnose, type DiagnoseDeps } from './diagnose';
import { listInterfaceAddresses } from './interfaces';
import { createNetworkSettings } from './network-settings';
import { describeProxySetup } from './proxy';
import { readPublicAddress, type PublicAddressDeps } from './public-address';
import { TASCOMI_LABEL, tascomiCheck } from './tascomi-check';

export interface NetworkService {
  info(): Promise<NetworkInfo>;
  saveSettings(input: NetworkSettings): NetworkSettings;
  diagnose(connector: ConnectorId): Promise<Diagnosis>;
}

export interface NetworkServiceDeps {
  settings: SettingsRepo;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
  tascomi: Pick<TascomiSettingsService, 'get' | 'activeTarget'>;
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

  const connections = async (): Promise<ConnectionSummary[]> => {
    const [view, target] = await Promise.all([deps.tascomi.get(), deps.tascomi.activeTarget()]);
    return [
      {
        connector: 'tascomi',
        label: TASCOMI_LABEL,
        configured: Boolean(target),
        ...(view.baseUrl ? { baseUrl: view.baseUrl } : {}),
        ...(target ? {} : { reason: view.enabled ? 'Its address or keys are missing: complete them on the Connections page.' : 'It is switched off: set it up on the Connections page.' }),
      },
    ];
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
      if (connector !== 'tascomi') throw new CallRefusedError(`casebridge cannot diagnose ${connector} connections yet.`, 'invalid_input', [{ path: 'connector', message: 'not yet supported' }]);
      const target = await deps.tascomi.activeTarget();
      if (!target) {
        throw new CallRefusedError(`${TASCOMI_LABEL} is not set up: enable it with its address and keys on the Connections page, then diagnose it.`, 'invalid_input', [
          { path: 'connector', message: 'not configured' },
        ]);
      }
      // Asked at most once per diagnosis, and only when advice or the result needs it.
      let addresses: Promise<string[]> | undefined;
      const result = await diagnose(tascomiCheck(target, { clock: deps.clock, proxyEnv: env, timeoutMs: deps.diagnose?.stepTimeoutMs }), {
        clock: deps.clock,
        proxyEnv: env,
        ...deps.diagnose,
        allowlistAddresses: () => (addresses ??= publicAddress().then((found) => allowlistAddresses(found, interfaces()))),
      });
      deps.log.write({
        level: result.ok ? 'info' : 'warn',
        source: 'network',
        message: result.ok
          ? `Network diagnosis of ${result.label} (${result.target}): every step passed.`
          : `Network diagnosis of ${result.label} (${result.target}) failed at "${result.steps.find((s) => s.status === 'failed')?.label}": ${result.reason}`,
      });
      return result;
    },
  };
}
