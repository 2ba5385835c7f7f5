/**
 * Shared set-up for the Tascomi connector tests: the emulator and the client on ONE fake clock
 * (the emulator's server clock is the fake clock plus a transit delay), so nothing waits in real
 * time and the minute boundary can be placed exactly. Failures the emulator does not make (never
 * answering) come from a local server (test/support/local-server.ts).
 */
import { createTascomiClient, type TascomiClient, type TascomiClientOptions } from '../../../../../electron/engine/connectors/tascomi/client';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator, type TascomiEmulatorOptions } from '../../../../emulators/tascomi/index';
import { fakeClock, type FakeClock } from '../../../../support/fake-clock';

export { DEMO_KEYS };

export interface Harness {
  clock: FakeClock;
  emulator: TascomiEmulator;
  client: TascomiClient;
  makeClient(overrides?: Partial<TascomiClientOptions>): TascomiClient;
  close(): Promise<void>;
}

export async function startHarness(
  options: { start?: string; clock?: FakeClock; transitMs?: number; emulator?: TascomiEmulatorOptions; client?: Partial<TascomiClientOptions> } = {},
): Promise<Harness> {
  // 20 s into a minute: far from any boundary unless a test moves the clock.
  const clock = options.clock ?? fakeClock(options.start ?? '2026-06-15T10:00:20.000Z');
  const transit = options.transitMs ?? 0;
  const emulator = await startTascomiEmulator({ now: () => clock.now().toMillis() + transit, ...options.emulator });
  const clients: TascomiClient[] = [];
  const makeClient = (overrides: Partial<TascomiClientOptions> = {}) => {
    const client = createTascomiClient({
      baseUrl: emulator.baseUrl,
      publicKey: DEMO_KEYS.publicKey,
      privateKey: DEMO_KEYS.privateKey,
      timeZone: 'Europe/London',
      clock,
      proxyEnv: {},
      ...options.client,
      ...overrides,
    });
    clients.push(client);
    return client;
  };
  const client = makeClient();
  return {
    clock,
    emulator,
    client,
    makeClient,
    async close() {
      for (const c of clients) c.close();
      await emulator.close();
    },
  };
}
