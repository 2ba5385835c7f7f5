/**
 * openid-client's requests through the engine's transport (connectors/http/transport.ts), so a
 * sign-in reaches the identity provider the way connectors reach their systems: through the
 * council's proxy as configured, with the same keep-alive connections. openid-client wants a
 * Fetch API `Response`; the transport answers a smaller shape, rebuilt here with the headers
 * OpenID Connect reads.
 */
import type * as oidc from 'openid-client';
import type { FetchLike } from '../engine/connectors/http/transport';

/** The headers openid-client reads on discovery, key set, token and error answers. */
const HEADERS_READ = ['content-type', 'www-authenticate', 'dpop-nonce', 'cache-control', 'retry-after'];
/** Statuses whose Response may not carry a body. */
const NO_BODY = new Set([101, 204, 205, 304]);

export function fetchThroughTransport(fetch: FetchLike): oidc.CustomFetch {
  return async (url, init) => {
    try {
      const answer = await fetch(url, {
        method: init.method,
        headers: init.headers,
        body: init.body === undefined || init.body === null ? undefined : String(init.body),
        signal: init.signal,
        redirect: 'manual',
      });
      const headers = new Headers();
      for (const name of HEADERS_READ) {
        const value = answer.headers.get(name);
        if (value !== null) headers.set(name, value);
      }
      return new Response(NO_BODY.has(answer.status) ? null : await answer.text(), { status: answer.status, headers });
    } catch (error) {
      // The transport names an abort its own way; openid-client knows a timeout by the signal's reason.
      if (init.signal?.aborted) throw init.signal.reason;
      throw error;
    }
  };
}
