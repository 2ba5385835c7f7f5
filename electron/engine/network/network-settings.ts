/**
 * The Network page's settings, kept in the engine's settings: whether to ask a "what is my
 * address" service for the public address, and which one.
 */
import { DEFAULT_NETWORK_SETTINGS, NetworkSettingsSchema, type NetworkSettings } from '../../../shared/domain/network';
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { SettingsRepo } from '../store/settings-repo';

const SETTINGS_KEY = 'network.settings';

export interface NetworkSettingsStore {
  get(): NetworkSettings;
  save(next: NetworkSettings): NetworkSettings;
}

export function createNetworkSettings(deps: { settings: SettingsRepo; clock: Clock; log: Pick<LogBus, 'write'> }): NetworkSettingsStore {
  return {
    get() {
      const stored = deps.settings.get(SETTINGS_KEY);
      if (stored === undefined) return { ...DEFAULT_NETWORK_SETTINGS };
      const parsed = NetworkSettingsSchema.safeParse(stored);
      return parsed.success ? parsed.data : { ...DEFAULT_NETWORK_SETTINGS };
    },
    save(input) {
      // Parsed again: callers inside the engine do not pass through the contract's schema.
      const next = NetworkSettingsSchema.parse(input);
      deps.settings.set(SETTINGS_KEY, next, deps.clock.now().toISO()!);
      deps.log.write({
        level: 'info',
        source: 'network',
        message: next.publicAddressEnabled
          ? `Network settings saved: the public address is read from ${next.publicAddressUrl}.`
          : 'Network settings saved: the public address is not looked up.',
      });
      return next;
    },
  };
}
