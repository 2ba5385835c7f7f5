import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK_SETTINGS } from '../../../../shared/domain/network';
import { createNetworkSettings } from '../../../../electron/engine/network/network-settings';
import type { SettingsRepo } from '../../../../electron/engine/store/settings-repo';
import { fakeClock } from '../../../support/fake-clock';

function memoryRepo(initial: Record<string, unknown> = {}): SettingsRepo & { values: Map<string, unknown> } {
  const values = new Map(Object.entries(initial));
  return { values, get: (key) => values.get(key), set: (key, value) => void values.set(key, value) };
}

describe('network settings', () => {
  const messages: string[] = [];
  const log = { write: (entry: { message: string }) => (messages.push(entry.message), undefined as never) };

  it('default to the public address switched off, with ipify as the suggested service', () => {
    expect(createNetworkSettings({ settings: memoryRepo(), clock: fakeClock(), log }).get()).toEqual({
      publicAddressEnabled: false,
      publicAddressUrl: 'https://api.ipify.org/?format=json',
    });
  });

  it('are saved (and logged), and read back', () => {
    const repo = memoryRepo();
    const store = createNetworkSettings({ settings: repo, clock: fakeClock(), log });
    store.save({ publicAddressEnabled: true, publicAddressUrl: 'https://ifconfig.co/json' });
    expect(store.get()).toEqual({ publicAddressEnabled: true, publicAddressUrl: 'https://ifconfig.co/json' });
    expect(messages.at(-1)).toBe('Network settings saved: the public address is read from https://ifconfig.co/json.');
  });

  it('fall back to the defaults when what is stored is no longer valid', () => {
    const store = createNetworkSettings({
      settings: memoryRepo({ 'network.settings': { publicAddressEnabled: true, publicAddressUrl: 'http://insecure.example/' } }),
      clock: fakeClock(),
      log,
    });
    expect(store.get()).toEqual(DEFAULT_NETWORK_SETTINGS);
  });

  it('refuse an invalid service address even from inside the engine', () => {
    const store = createNetworkSettings({ settings: memoryRepo(), clock: fakeClock(), log });
    expect(() => store.save({ publicAddressEnabled: true, publicAddressUrl: 'ftp://x/' })).toThrow(/https/);
  });
});
