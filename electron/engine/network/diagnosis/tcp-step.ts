/**
 * TCP: each address in turn until one accepts (as a browser would); through an http proxy to an
 * https address, the proxy is then asked for a CONNECT tunnel, as the connectors' transport does.
 */
import net from 'node:net';
import type { DiagnosisStep } from '../../../../shared/domain/network';
import { quoteUntrusted } from '../public-address';
import type { Target } from './address-step';
import type { AdviceContext } from './connector-check';
import { bounded, connectOnce, describeSocketError, errorCode, type StepLimits } from './sockets';
import { elapsed, passed, StepFailure } from './steps';

export type ConnectSocket = (host: string, port: number) => net.Socket;

export const plainConnect: ConnectSocket = (host, port) => net.connect({ host, port });

export interface TcpOptions {
  label: string;
  limits: StepLimits;
  connect?: ConnectSocket;
  allowlistAdvice(lead: string): Promise<string>;
  blockedCallerAdvice?: AdviceContext['blockedCallerAdvice'];
}

/** Resolves with the connected socket (the caller closes it), tunnelled when the target needs it. */
export async function connectTcp(target: Target, addresses: string[], options: TcpOptions): Promise<{ socket: net.Socket; step: DiagnosisStep }> {
  const connect = options.connect ?? plainConnect;
  const started = performance.now();
  const refusedOn: string[] = [];
  let lastError: unknown;
  let socket: net.Socket | undefined;
  for (const address of addresses) {
    try {
      socket = await connectOnce(connect, address, target.dial.port, options.limits);
      break;
    } catch (error) {
      lastError = error;
      refusedOn.push(`${address} (${errorCode(error) ?? 'failed'})`);
    }
  }
  if (!socket) throw await connectFailure(target, addresses, lastError, options, elapsed(started));
  let detail = `Connected to ${target.dial.what} at ${socket.remoteAddress ?? addresses[0]}${refusedOn.length > 0 ? ` (before that: ${refusedOn.join(', ')})` : ''}.`;
  if (target.proxy && target.secure) {
    try {
      await tunnelThrough(socket, target, options.limits, started);
    } catch (error) {
      socket.destroy();
      throw error;
    }
    detail += ` The proxy opened a tunnel to ${target.host}:${target.port}.`;
  }
  return { socket, step: passed('tcp', elapsed(started), detail) };
}

async function connectFailure(target: Target, addresses: string[], error: unknown, options: TcpOptions, ms: number): Promise<StepFailure> {
  const { host, port } = target;
  const where = `${target.dial.what}${addresses.length > 1 ? ` (tried ${addresses.join(', ')})` : ''}`;
  const described = describeSocketError(error, where, options.limits.timeoutMs);
  if (target.proxy) {
    return new StepFailure(
      'tcp',
      ms,
      described.detail,
      'Check the proxy address in HTTPS_PROXY / HTTP_PROXY, and ask IT whether the proxy is running and lets this workstation connect.',
    );
  }
  if (options.blockedCallerAdvice && (described.kind === 'timeout' || described.kind === 'refused' || described.kind === 'reset')) {
    return new StepFailure('tcp', ms, described.detail, await options.blockedCallerAdvice(described.kind));
  }
  const lead =
    described.kind === 'timeout'
      ? `A firewall is most likely dropping this workstation's connections to ${host}:${port}.`
      : described.kind === 'refused'
        ? `Check the port in the address and that ${options.label} is running; if it is, a firewall in front of it may be rejecting this workstation.`
        : described.kind === 'unreachable'
          ? `Check this workstation's network connection (and VPN, if ${options.label} is reached through one).`
          : `A firewall may be cutting this workstation's connections to ${host}:${port}.`;
  return new StepFailure('tcp', ms, described.detail, await options.allowlistAdvice(lead));
}

async function tunnelThrough(socket: net.Socket, target: Target, limits: StepLimits, started: number): Promise<void> {
  const { host, port } = target;
  let tunnel: { status: number; line: string };
  try {
    tunnel = await openTunnel(socket, target.proxy!, host, port, limits);
  } catch (error) {
    throw new StepFailure(
      'tcp',
      elapsed(started),
      describeSocketError(error, target.dial.what, limits.timeoutMs).detail,
      'Ask IT whether the proxy is running and lets this workstation through.',
    );
  }
  if (tunnel.status === 407) {
    throw new StepFailure(
      'tcp',
      elapsed(started),
      `The proxy asks for a user name and password to reach ${host}:${port} (HTTP 407).`,
      'Put the proxy user name and password in the proxy variable (http://user:password@proxy:port), or ask IT to let this workstation through without them.',
    );
  }
  if (tunnel.status !== 200) {
    throw new StepFailure(
      'tcp',
      elapsed(started),
      `The proxy would not connect to ${host}:${port}: "${quoteUntrusted(tunnel.line, 80)}".`,
      `Ask IT to allow ${host} port ${port} through the proxy, or to add it to NO_PROXY if it must be reached directly.`,
    );
  }
}

/** Asks an http proxy to open a tunnel to host:port; resolves with its status line's code. */
export function openTunnel(socket: net.Socket, proxy: URL, host: string, port: number, limits: StepLimits): Promise<{ status: number; line: string }> {
  const authority = net.isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  const headers = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (proxy.username) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers.push(`Proxy-Authorization: Basic ${Buffer.from(credentials).toString('base64')}`);
  }
  let stopListening = () => {};
  return bounded<{ status: number; line: string }>(
    limits,
    (resolve, reject) => {
      let buffered = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) {
          if (buffered.length > 16_384) done(new Error('the proxy answered with an endless header'));
          return;
        }
        const line = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
        const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(line)?.[1] ?? 0);
        // Anything after the header belongs to the tunnel (nothing, before we speak first).
        if (end + 4 < buffered.length) socket.unshift(buffered.subarray(end + 4));
        done(undefined, { status, line });
      };
      const onError = (error: Error) => done(error);
      const onClose = () => done(new Error('the proxy closed the connection without answering'));
      stopListening = () => {
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
      };
      const done = (error?: Error, value?: { status: number; line: string }) => {
        stopListening();
        if (error) reject(error);
        else resolve(value!);
      };
      socket.on('data', onData);
      socket.once('error', onError);
      socket.once('close', onClose);
      socket.write(`${headers.join('\r\n')}\r\n\r\n`);
    },
    () => stopListening(),
  );
}
