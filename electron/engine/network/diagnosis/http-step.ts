/**
 * HTTP: one GET on the connection the earlier steps opened; any answer of a web server passes,
 * unless the connector's reading, or the general one, says this workstation is not allowed or the
 * answer is an error page.
 */
import http from 'node:http';
import type net from 'node:net';
import type { DiagnosisStep } from '../../../../shared/domain/network';
import type { Target } from './address-step';
import type { AdviceContext, ConnectorCheck, HttpAnswer } from './connector-check';
import { generalHttpVerdict } from './http-verdict';
import { bounded, describeSocketError, type StepLimits } from './sockets';
import { elapsed, passed, seconds, StepFailure } from './steps';

const MAX_BODY_CHARS = 4_096;

export interface HttpOptions {
  check: Pick<ConnectorCheck, 'label' | 'interpretHttp'>;
  context: AdviceContext;
  limits: StepLimits;
  /** Now, in milliseconds: when the answer was read, for the clock step. */
  now(): number;
}

export async function askHttp(
  target: Pick<Target, 'host' | 'port' | 'httpUrl' | 'proxy' | 'secure'>,
  channel: net.Socket,
  options: HttpOptions,
): Promise<{ answer: HttpAnswer; receivedAt: number; step: DiagnosisStep }> {
  const { host, port } = target;
  const { label } = options.check;
  const timeoutMs = options.limits.timeoutMs;
  const started = performance.now();
  let answer: HttpAnswer;
  try {
    // Through a proxy without a tunnel (plain http), the request names the whole URL.
    answer = await httpGet(channel, target.httpUrl, Boolean(target.proxy) && !target.secure, options.limits);
  } catch (error) {
    const described = describeSocketError(error, `${host}:${port}`, timeoutMs);
    throw new StepFailure(
      'http',
      elapsed(started),
      described.kind === 'timeout' ? `${host}:${port} accepted the connection but sent no HTTP answer within ${seconds(timeoutMs)}.` : `No HTTP answer: ${described.detail}`,
      described.kind === 'reset' || described.kind === 'timeout'
        ? await (options.context.blockedCallerAdvice?.(described.kind) ??
            options.context.allowlistAdvice('Some firewalls accept the connection and then drop or cut it for addresses they do not allow.'))
        : `Check that the address is the web address of ${label}.`,
    );
  }
  const receivedAt = options.now();
  const verdict = (await options.check.interpretHttp?.(answer, options.context)) ?? (await generalHttpVerdict(answer, options.context));
  if (!verdict.ok) throw new StepFailure('http', answer.ms, verdict.detail, verdict.advice);
  return { answer, receivedAt, step: passed('http', answer.ms, verdict.detail) };
}

/** One GET on `socket`; the answer's first 4 KB. A body cut short by the time limit is kept as read. */
export function httpGet(socket: net.Socket, target: URL, viaProxy: boolean, limits: StepLimits): Promise<HttpAnswer> {
  const started = performance.now();
  let request: http.ClientRequest;
  let finishEarly: (() => void) | undefined;
  return bounded<HttpAnswer>(
    limits,
    (resolve, reject) => {
      request = http.request({
        method: 'GET',
        path: viaProxy ? target.href : `${target.pathname}${target.search}`,
        headers: { host: target.host, 'user-agent': 'casebridge-diagnostics', accept: 'application/json, */*', connection: 'close' },
        createConnection: () => socket,
      });
      request.once('response', (response) => {
        let body = '';
        const finish = () => {
          response.destroy();
          resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: response.headers, body, ms: elapsed(started) });
        };
        finishEarly = finish;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
          if (body.length >= MAX_BODY_CHARS) {
            body = body.slice(0, MAX_BODY_CHARS);
            finish();
          }
        });
        response.once('end', finish);
        response.once('error', finish);
      });
      request.once('error', reject);
      request.end();
    },
    (reason) => {
      finishEarly?.();
      request.destroy(reason);
    },
  );
}
