/**
 * The TCP step alone, against local servers on 127.0.0.1: each address in turn, a refused port with
 * the allowlist advice, and an http proxy's CONNECT tunnel (opened, refused, never answered, stopped).
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readAddress } from '../../../../../electron/engine/network/diagnosis/address-step';
import { connectTcp } from '../../../../../electron/engine/network/diagnosis/tcp-step';
import { settlesWithin } from '../../../../support/hang-guard';
import { closedPort, listenOnLoopback, type LoopbackServer } from '../../../../support/local-server';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});
async function start(server: net.Server): Promise<LoopbackServer> {
  const local = await listenOnLoopback(server);
  servers.push(local);
  return local;
}

const targetOf = (baseUrl: string, env = {}) => readAddress({ label: 'Civica Cx', baseUrl }, env).target;
const options = (timeoutMs = 2_000, signal?: AbortSignal) => ({
  label: 'Civica Cx',
  limits: { timeoutMs, signal },
  allowlistAdvice: async (lead: string) => `${lead} [addresses]`,
});

/** A proxy that answers every CONNECT with `answer` (or never, when undefined) and notes what it was asked. */
async function proxyAnswering(answer?: string) {
  const asked: string[] = [];
  const waiting: (() => void)[] = [];
  const server = await start(
    net.createServer((client) => {
      client.once('data', (head: Buffer) => {
        asked.push(head.toString('latin1').split('\r\n').filter(Boolean).join(' | '));
        if (answer) client.write(answer);
        for (const wake of waiting.splice(0)) wake();
      });
    }),
  );
  return {
    port: server.port,
    asked,
    /** Resolves when the proxy is next asked. */
    nextAsk: () => new Promise<void>((resolve) => waiting.push(resolve)),
    /** Resolves when every connection the proxy has open is closed. */
    allClosed: () => Promise.all([...server.connections].map((s) => new Promise((resolve) => s.once('close', resolve)))),
  };
}

describe('the TCP step', () => {
  it('connects, after the addresses that refuse, and says which it tried', async () => {
    const server = await start(net.createServer());
    const refused = await closedPort();
    const connect = (host: string, port: number) => net.connect({ host: '127.0.0.1', port: host === '192.0.2.1' ? refused : port });
    const { socket, step } = await connectTcp(targetOf(`http://tascomi.example:${server.port}/`), ['192.0.2.1', '127.0.0.1'], { ...options(), connect });
    expect(step).toMatchObject({ name: 'tcp', status: 'ok', detail: `Connected to tascomi.example:${server.port} at 127.0.0.1 (before that: 192.0.2.1 (ECONNREFUSED)).` });
    socket.destroy();
  });

  it('a refused port fails with the allowlist advice; through a proxy, with the proxy advice', async () => {
    const port = await closedPort();
    await expect(connectTcp(targetOf(`http://127.0.0.1:${port}/`), ['127.0.0.1'], options())).rejects.toMatchObject({
      step: 'tcp',
      detail: `127.0.0.1:${port} refused the connection (ECONNREFUSED): nothing accepts connections there, or a firewall rejects this workstation.`,
      advice: expect.stringMatching(/^Check the port in the address and that Civica Cx is running; .* \[addresses\]$/),
    });
    const viaProxy = targetOf('https://cx.example/', { HTTPS_PROXY: `http://127.0.0.1:${port}` });
    await expect(connectTcp(viaProxy, ['127.0.0.1'], options())).rejects.toMatchObject({
      detail: expect.stringMatching(/^the proxy 127\.0\.0\.1:\d+ refused/),
      advice: expect.stringMatching(/^Check the proxy address/),
    });
  });

  it('asks the proxy for a tunnel (with its credentials) and passes when it opens', async () => {
    const proxy = await proxyAnswering('HTTP/1.1 200 Connection established\r\n\r\n');
    const target = targetOf('https://cx.example:8443/', { HTTPS_PROXY: `http://casebridge:s%40cret@127.0.0.1:${proxy.port}` });
    const { socket, step } = await connectTcp(target, ['127.0.0.1'], options());
    expect(proxy.asked).toEqual([`CONNECT cx.example:8443 HTTP/1.1 | Host: cx.example:8443 | Proxy-Authorization: Basic ${Buffer.from('casebridge:s@cret').toString('base64')}`]);
    expect(step.detail).toBe(`Connected to the proxy 127.0.0.1:${proxy.port} at 127.0.0.1. The proxy opened a tunnel to cx.example:8443.`);
    socket.destroy();
  });

  it('a proxy that refuses the tunnel fails with its status line, and the connection is closed', async () => {
    const proxy = await proxyAnswering('HTTP/1.1 403 Forbidden by policy\r\n\r\n');
    const target = targetOf('https://cx.example/', { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` });
    await expect(connectTcp(target, ['127.0.0.1'], options())).rejects.toMatchObject({
      detail: 'The proxy would not connect to cx.example:443: "HTTP/1.1 403 Forbidden by policy".',
      advice: expect.stringMatching(/NO_PROXY/),
    });
    await settlesWithin(proxy.allClosed(), 'the refused tunnel closed');
  });

  it('a proxy that never answers the CONNECT times out, and stops at once when the diagnosis stops', async () => {
    const proxy = await proxyAnswering();
    const target = targetOf('https://cx.example/', { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` });
    await expect(connectTcp(target, ['127.0.0.1'], options(50))).rejects.toMatchObject({
      detail: `No answer from the proxy 127.0.0.1:${proxy.port} within 0.05 s: the connection attempt timed out.`,
    });

    const controller = new AbortController();
    const asked = proxy.nextAsk();
    const waiting = connectTcp(target, ['127.0.0.1'], options(60_000, controller.signal));
    await asked;
    controller.abort();
    await expect(settlesWithin(waiting, 'the stopped tunnel')).rejects.toMatchObject({ step: 'tcp' });
    await settlesWithin(proxy.allClosed(), 'the stopped tunnel closed');
  });
});
