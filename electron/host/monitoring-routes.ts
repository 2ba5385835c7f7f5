/**
 * The host's routes for the council's monitoring system: `GET /healthz` and `GET /metrics`.
 *
 * - `/healthz` needs no sign-in (a monitor cannot sign in); what it says is chosen to be safe for
 *   anyone who can reach the port (electron/engine/monitoring/health-report.ts says why).
 * - `/metrics` says more (how busy each connection is, which errors happen): with a metrics token
 *   (`--metrics-token-file`) a scraper sends `Authorization: Bearer <token>`, from any address;
 *   without one it is served only to this machine (a loopback address, naming this server in its
 *   Host header, so a web page cannot reach it through a name that resolves to 127.0.0.1).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from '../../shared/loopback';
import type { Engine } from '../engine/engine';
import { httpStatusOf } from '../engine/monitoring/health-report';
import { SECURITY_HEADERS } from './static-files';

export const HEALTH_PATH = '/healthz';
export const METRICS_PATH = '/metrics';

export interface MonitoringRoutes {
  /** Answers a monitoring request; false when the request is for another route. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sendText(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export function createMonitoringRoutes(options: {
  monitoring: Engine['monitoring'];
  /** Scrapers must send this as a bearer token; without it, /metrics is for this machine only. */
  metricsToken?: string;
  /** Whether a Host header names this server. */
  isOwnHost: (hostHeader: string | undefined) => boolean;
  report: (level: 'warn' | 'error', message: string) => void;
}): MonitoringRoutes {
  const metricsAllowed = (req: IncomingMessage): { ok: true } | { ok: false; status: 401 | 403; message: string } => {
    if (options.metricsToken !== undefined) {
      return bearerMatches(req.headers.authorization, options.metricsToken)
        ? { ok: true }
        : { ok: false, status: 401, message: 'The metrics need the metrics token: send it as "Authorization: Bearer <token>".\n' };
    }
    if (isLoopbackHost(req.socket.remoteAddress ?? '') && options.isOwnHost(req.headers.host)) return { ok: true };
    return {
      ok: false,
      status: 403,
      message: 'The metrics are served only to this machine. To scrape them from elsewhere, start casebridge with --metrics-token-file and send that token.\n',
    };
  };

  const metrics = (req: IncomingMessage, res: ServerResponse) => {
    const allowed = metricsAllowed(req);
    if (!allowed.ok) {
      return sendText(res, allowed.status, 'text/plain; charset=utf-8', allowed.message, allowed.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="casebridge metrics"' } : {});
    }
    options.monitoring.metrics.render().then(
      (text) => sendText(res, 200, options.monitoring.metrics.contentType, text),
      (error: unknown) => {
        options.report('error', `The metrics could not be gathered for a scrape: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) sendText(res, 500, 'text/plain; charset=utf-8', 'casebridge could not gather its metrics; the reason is in its log.\n');
        else res.destroy();
      },
    );
  };

  const health = (res: ServerResponse) => {
    let body: string;
    let status: number;
    try {
      const report = options.monitoring.report();
      status = httpStatusOf(report);
      body = JSON.stringify(report);
    } catch (error) {
      // A report that cannot be built is itself a failure the monitor must see.
      options.report('error', `The health report could not be built: ${error instanceof Error ? error.message : String(error)}`);
      status = 503;
      body = JSON.stringify({ status: 'failing', reasons: ['the health report could not be built'] });
    }
    sendText(res, status, 'application/json; charset=utf-8', body);
  };

  return {
    handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://casebridge.invalid').pathname;
      if (path !== HEALTH_PATH && path !== METRICS_PATH) return false;
      req.resume();
      if (req.method !== 'GET') {
        sendText(res, 405, 'text/plain; charset=utf-8', `Use GET for ${path}.\n`, { Allow: 'GET' });
        return true;
      }
      if (path === HEALTH_PATH) health(res);
      else metrics(req, res);
      return true;
    },
  };
}
