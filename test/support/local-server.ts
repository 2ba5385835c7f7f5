/**
 * Small local servers for the failures an emulator does not make (never answering, a proxy's page,
 * a bare TCP or TLS listener), started on 127.0.0.1 port 0 and stopped by the test that started them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';

export interface LoopbackServer {
  port: number;
  /** The server's side of each connection still open. */
  connections: Set<Socket>;
  /** Cuts the connections still open and closes the server. */
  stop(): Promise<void>;
}

/** Any net.Server (http, https, a bare TCP one) listening on 127.0.0.1 port 0 for one test. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  const connections = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
      }),
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
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  const { port, stop } = await listenOnLoopback(server);
  return { baseUrl: `http://127.0.0.1:${port}/rest`, port, requests, close: stop };
}

/** A port nothing listens on: bound, noted, and closed again. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
