/**
 * The default transport sends straight on node:http for the client's requests (no redirects
 * followed); what it sends, answers and throws must be what node-fetch 3 did for the same request,
 * as error classification and the log depend on it. Each case asks both and compares.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync, deflateRawSync, brotliCompressSync } from 'node:zlib';
import nodeFetch from 'node-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultTransport, type FetchInit, type FetchLike } from '../../../../../electron/engine/connectors/http/transport';

let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const path = req.url!.split('?')[0];
      if (path === '/plain') {
        res.setHeader('X-Number-Of-Results', ['3', '4']);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end('\uFEFF{"id":"7","name":"Café"}');
      } else if (path === '/gzip') {
        res.writeHead(200, { 'Content-Encoding': 'GZIP' }).end(gzipSync('{"id":"8"}'));
      } else if (path === '/deflate') {
        res.writeHead(200, { 'Content-Encoding': 'deflate' }).end(deflateRawSync('raw deflate'));
      } else if (path === '/br') {
        res.writeHead(200, { 'Content-Encoding': 'br' }).end(brotliCompressSync('brotli'));
      } else if (path === '/bad-gzip') {
        res.writeHead(200, { 'Content-Encoding': 'gzip' }).end('not gzip at all');
      } else if (path === '/redirect') {
        res.writeHead(302, { Location: '/plain' }).end();
      } else if (path === '/empty') {
        res.writeHead(204).end();
      } else if (path === '/drop-body') {
        res.writeHead(200, { 'Content-Length': '100' });
        res.write('only part');
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (path === '/drop-chunked') {
        res.writeHead(200, { 'Transfer-Encoding': 'chunked' });
        res.write('a chunk');
        setTimeout(() => res.socket?.destroy(), 20);
      } else if (path === '/drop-headers') {
        req.socket.destroy();
      } else if (path === '/slow') {
        setTimeout(() => res.end('late'), 2_000);
      } else {
        res.writeHead(404).end('no');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const transport = createDefaultTransport({ proxyEnv: {} });
afterAll(() => transport.close());
const viaNodeFetch: FetchLike = (url, init) => nodeFetch(url, { ...init, signal: init.signal as never, redirect: init.redirect ?? 'manual' });

/** What a caller can see of one exchange: the answer, or the error's shape. */
async function outcome(fetch: FetchLike, url: string, init: FetchInit) {
  try {
    const response = await fetch(url, init);
    const headers = Object.fromEntries(['content-type', 'x-number-of-results', 'location', 'content-encoding', 'missing'].map((h) => [h, response.headers.get(h)]));
    try {
      return { status: response.status, headers, text: await response.text() };
    } catch (error) {
      return { status: response.status, headers, bodyError: shape(error) };
    }
  } catch (error) {
    return { error: shape(error) };
  }
}

function shape(error: unknown) {
  const e = error as { name?: string; message?: string; code?: string; errno?: string; type?: string; erroredSysCall?: string };
  return { name: e.name, message: e.message?.replace(/:\d+\//, ':PORT/'), code: e.code, errno: e.errno, type: e.type, erroredSysCall: e.erroredSysCall };
}

describe('the default transport answers as node-fetch did', () => {
  const get = (_path: string): FetchInit => ({ method: 'GET', headers: { Accept: 'application/json', 'X-Public': 'k' } });
  for (const path of ['/plain?page=1', '/gzip', '/deflate', '/br', '/bad-gzip', '/redirect', '/empty', '/missing', '/drop-body', '/drop-chunked', '/drop-headers']) {
    it(`GET ${path}`, async () => {
      const ours = await outcome(transport.fetch, `${base}${path}`, get(path));
      const theirs = await outcome(viaNodeFetch, `${base}${path}`, get(path));
      expect(ours).toEqual(theirs);
    });
  }

  it('sends the same request line, headers and body', async () => {
    const init: FetchInit = { method: 'PUT', headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=caf%C3%A9' };
    seen.length = 0;
    await outcome(transport.fetch, `${base}/plain?x=1`, init);
    await outcome(viaNodeFetch, `${base}/plain?x=1`, init);
    const [ours, theirs] = seen;
    const comparable = (r: (typeof seen)[number]) => ({ ...r, headers: { ...r.headers, connection: undefined } });
    expect(comparable(ours!)).toEqual(comparable(theirs!));
    seen.length = 0;
    await outcome(transport.fetch, `${base}/plain`, { method: 'POST', headers: {} });
    await outcome(viaNodeFetch, `${base}/plain`, { method: 'POST', headers: {} });
    expect(comparable(seen[0]!)).toEqual(comparable(seen[1]!));
  });

  it('a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/x`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const ours = await outcome(transport.fetch, url, get('/x'));
    expect(ours).toMatchObject({ error: { name: 'FetchError', code: 'ECONNREFUSED', type: 'system' } });
    expect(ours).toEqual(await outcome(viaNodeFetch, url, get('/x')));
  });

  it('an abort, before the answer and while reading the body', async () => {
    for (const when of [0, 50]) {
      const results = [];
      for (const fetch of [transport.fetch, viaNodeFetch]) {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), when);
        results.push(await outcome(fetch, `${base}/slow`, { ...get('/slow'), signal: controller.signal }));
      }
      expect(results[0]).toMatchObject({ error: { name: 'AbortError', type: 'aborted' } });
      expect(results[0]).toEqual(results[1]);
    }
    const aborted = new AbortController();
    aborted.abort();
    expect(await outcome(transport.fetch, `${base}/plain`, { ...get('/plain'), signal: aborted.signal })).toEqual(
      await outcome(viaNodeFetch, `${base}/plain`, { ...get('/plain'), signal: aborted.signal }),
    );
  });
});
