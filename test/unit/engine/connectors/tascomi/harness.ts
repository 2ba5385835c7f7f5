/**
 * Shared set-up for the Tascomi connector tests: the emulator and the client on ONE fake clock
 * (the emulator's server clock is the fake clock plus a transit delay), so nothing waits in real
 * time and the minute boundary can be placed exactly. Also small local servers for failures the
 * emulator does not make (never answering), started on 127.0.0.1 port 0 and stopped by the test.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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

export interface LocalServer {
  baseUrl: string;
  port: number;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

/** A plain HTTP server on 127.0.0.1:0 answering with `handler`; close() also cuts open sockets. */
export async function startLocalServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/rest`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound, noted, and closed again. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
