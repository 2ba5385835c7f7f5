/**
 * The prompt stop of every network wait: the attempt's answer, or a time limit, or the diagnosis
 * stopped; what the attempt holds is freed as it is given up. Connections against a local server.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bounded, connectOnce, StoppedError, TimeoutError, untilStopped } from '../../../../../electron/engine/network/diagnosis/sockets';
import { settlesWithin } from '../../../../support/hang-guard';
import { listenOnLoopback, type LoopbackServer } from '../../../../support/local-server';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

describe('a bounded wait', () => {
  it("settles as the attempt does, and the attempt's later words are ignored", async () => {
    await expect(bounded({ timeoutMs: 1_000 }, (resolve, reject) => (resolve('first'), reject(new Error('late'))))).resolves.toBe('first');
    await expect(
      bounded({ timeoutMs: 1_000 }, () => {
        throw new Error('broke at once');
      }),
    ).rejects.toThrow('broke at once');
  });

  it('gives up after its time, freeing what the attempt holds', async () => {
    const freed: Error[] = [];
    await expect(
      bounded(
        { timeoutMs: 20 },
        () => {},
        (reason) => freed.push(reason),
      ),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(freed).toEqual([expect.any(TimeoutError)]);
  });

  it('keeps what the attempt answers as it is given up (an answer half read)', async () => {
    let answerSoFar: (value: string) => void = () => {};
    const waiting = bounded<string>(
      { timeoutMs: 20 },
      (resolve) => (answerSoFar = resolve),
      () => answerSoFar('half an answer'),
    );
    await expect(waiting).resolves.toBe('half an answer');
  });

  it('stops at once on abort, and does not start when already stopped', async () => {
    const controller = new AbortController();
    const freed: Error[] = [];
    const waiting = bounded(
      { timeoutMs: 60_000, signal: controller.signal },
      () => {},
      (reason) => freed.push(reason),
    );
    controller.abort();
    await expect(settlesWithin(waiting, 'the stopped wait')).rejects.toBeInstanceOf(StoppedError);
    expect(freed).toEqual([expect.any(StoppedError)]);

    let started = false;
    await expect(bounded({ timeoutMs: 60_000, signal: controller.signal }, () => void (started = true))).rejects.toBeInstanceOf(StoppedError);
    expect(started).toBe(false);
    await expect(settlesWithin(untilStopped(new Promise(() => {}), controller.signal), 'untilStopped')).rejects.toBeInstanceOf(StoppedError);
  });
});

describe('one connection', () => {
  it('connects to a local server, and keeps a listener for later errors', async () => {
    const server = await listenOnLoopback(net.createServer());
    servers.push(server);
    const socket = await connectOnce((host, port) => net.connect({ host, port }), '127.0.0.1', server.port, { timeoutMs: 2_000 });
    expect(socket.remoteAddress).toBe('127.0.0.1');
    expect(socket.listenerCount('error')).toBe(1);
    socket.destroy();
  });

  it('a connection that never completes is destroyed when the diagnosis stops', async () => {
    const controller = new AbortController();
    const never = new net.Socket();
    const waiting = connectOnce(() => never, '192.0.2.10', 443, { timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    await expect(settlesWithin(waiting, 'the stopped connection')).rejects.toBeInstanceOf(StoppedError);
    expect(never.destroyed).toBe(true);
  });
});
