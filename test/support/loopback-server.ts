/**
 * Any net.Server (http, https, a bare TCP one) listening on 127.0.0.1 port 0 for one test; stop()
 * cuts the connections still open and closes it.
 */
import type { AddressInfo, Server, Socket } from 'node:net';

export interface LoopbackServer {
  port: number;
  /** The server's side of each connection still open. */
  connections: Set<Socket>;
  stop(): Promise<void>;
}

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
