/**
 * One JSON POST for the Teams and webhook channels, with node:http(s) directly: a 2xx answer is
 * delivered, anything else is thrown as it came (HttpAnswerError, a system error, an AbortError)
 * for send-failure.ts to put into words.
 *
 * Decisions:
 * - Through the council's proxy as the connectors go (HTTPS_PROXY, HTTP_PROXY, NO_PROXY, with
 *   connectors/http/transport.ts's rules; never for this machine): Teams is on the internet, which
 *   a council workstation or server often reaches only through one.
 * - Redirects are not followed: a 3xx is an answer like any other, so a Teams URL (a secret) or a
 *   signed body is never carried to an address nobody entered.
 * - One deadline for the whole exchange (connect, send, answer), so a far side that trickles bytes
 *   cannot hold a delivery; the caller's signal ends it at once. No keep-alive: alerts are few.
 * - Only the first few kilobytes of an answer are kept (the words quote its start).
 */
import http from 'node:http';
import https from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { selectProxy, type ProxyEnv } from '../../connectors/http/transport';
import { HttpAnswerError } from '../send-failure';

const KEPT_ANSWER_BYTES = 4_096;

export interface JsonPost {
  url: URL;
  body: string;
  headers?: Record<string, string>;
  /** Authorities to trust instead of the system's (tests; NODE_EXTRA_CA_CERTS adds to the system's in production). */
  ca?: string | Buffer | (string | Buffer)[];
  timeoutMs: number;
  signal: AbortSignal;
  /** Where the proxy settings are read (default: this process's environment). */
  proxyEnv?: ProxyEnv;
}

export interface PostAnswer {
  status: number;
  /** The start of the answer's body. */
  body: string;
}

/** Resolves with a 2xx answer; rejects with HttpAnswerError for any other status. */
export function postJson(post: JsonPost): Promise<PostAnswer> {
  const { url, body, signal, timeoutMs } = post;
  if (signal.aborted) return Promise.reject(abortError(signal));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PostAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, answer?: PostAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(answer!);
      else {
        request.destroy();
        reject(error);
      }
    };
    const proxy = selectProxy(url, post.proxyEnv ?? process.env);
    const request = client.request(url, {
      method: 'POST',
      agent: proxy ? (url.protocol === 'https:' ? new HttpsProxyAgent(proxy) : new HttpProxyAgent(proxy)) : false,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...post.headers },
      ...(post.ca && url.protocol === 'https:' ? { ca: post.ca } : {}),
    });
    // A real timer (the deadline is about the network, not the engine's clock), set after the
    // request so one that cannot even be built rejects with no timer left behind.
    const deadline = setTimeout(() => finish(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    const onAbort = () => finish(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => finish(error));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept < KEPT_ANSWER_BYTES) {
          chunks.push(chunk);
          kept += chunk.length;
        }
      });
      response.on('error', (error) => finish(error));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const text = Buffer.concat(chunks).subarray(0, KEPT_ANSWER_BYTES).toString('utf8');
        finish(status >= 200 && status < 300 ? undefined : new HttpAnswerError(status, text), { status, body: text });
      });
    });
    request.end(body);
  });
}

function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The send was stopped.', { cause: signal.reason }), { name: 'AbortError', code: 'ABORT_ERR' });
}
