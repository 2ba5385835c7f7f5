/**
 * The public address remote systems see: asked of a configurable "what is my address" service
 * (off by default: see DEFAULT_PUBLIC_ADDRESS_URL). The request goes the way the connectors'
 * requests go (the same proxy choice), because that is the route whose address matters. The
 * answer is untrusted text: only a bare IP address, or JSON `{"ip": "..."}`, is accepted.
 */
import { isIP } from 'node:net';
import { checkPublicAddressUrl, DEFAULT_PUBLIC_ADDRESS_TIMEOUT_MS, type NetworkSettings, type PublicAddress } from '../../../shared/domain/network';
import { startDeadline } from '../connectors/http/deadline';
import { quoteUntrusted } from '../connectors/http/answer';
import { createDefaultTransport, type FetchLike, type ProxyEnv } from '../connectors/http/transport';

// Where the diagnosis has always taken it from.
export { quoteUntrusted };

/** More than this is not a "what is my address" answer. */
const MAX_ANSWER_CHARS = 2_000;

export interface PublicAddressDeps {
  /** Default: the connectors' transport, through the proxy the environment names. */
  fetch?: FetchLike;
  proxyEnv?: ProxyEnv;
  timeoutMs?: number;
}

export type ParsedAddress = { ok: true; address: string; family: 'IPv4' | 'IPv6' } | { ok: false; reason: string };

/** One IP address that could be this network's public address, or why the text is not one. */
export function parseAddressAnswer(body: string): ParsedAddress {
  const text = body.trim();
  if (!text) return { ok: false, reason: 'answered with nothing' };
  if (text.length > MAX_ANSWER_CHARS) return { ok: false, reason: `answered with ${text.length} characters, too long to be an address` };
  let candidate: unknown = text;
  if (text.startsWith('{')) {
    try {
      candidate = (JSON.parse(text) as { ip?: unknown }).ip;
    } catch {
      return { ok: false, reason: `answered with text that is neither an address nor JSON: "${quoteUntrusted(text)}"` };
    }
    if (typeof candidate !== 'string') return { ok: false, reason: `answered JSON without an "ip" text field: "${quoteUntrusted(text)}"` };
  }
  const address = (candidate as string).trim();
  const family = isIP(address);
  if (family === 0 || address.includes('%')) return { ok: false, reason: `answered with something that is not an IP address: "${quoteUntrusted(address)}"` };
  const lower = address.toLowerCase();
  if (lower === '0.0.0.0' || lower === '::' || lower.startsWith('127.') || lower === '::1') {
    return { ok: false, reason: `answered ${address}, which is not an address a remote system could see` };
  }
  return { ok: true, address, family: family === 4 ? 'IPv4' : 'IPv6' };
}

function describeFailure(error: unknown, url: string, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `The service at ${url} did not answer within ${timeoutMs / 1000} s.`;
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  const why: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused',
    ENOTFOUND: 'its name could not be found (DNS)',
    EAI_AGAIN: 'its name could not be looked up (DNS did not answer)',
    ECONNRESET: 'the connection was cut',
    ETIMEDOUT: 'the connection timed out',
  };
  const reason = (code && why[code]) ?? (error instanceof Error ? error.message : String(error));
  return `The service at ${url} could not be reached: ${reason}${code && why[code] ? ` (${code})` : ''}.`;
}

/** Asks the configured service; never throws (a failure is shown on the page with its reason). */
export async function readPublicAddress(settings: NetworkSettings, deps: PublicAddressDeps = {}): Promise<PublicAddress> {
  const source = settings.publicAddressUrl;
  if (!settings.publicAddressEnabled) return { status: 'off', source };
  const check = checkPublicAddressUrl(source);
  if (!check.ok) return { status: 'failed', source, reason: check.reason };
  const timeoutMs = deps.timeoutMs ?? DEFAULT_PUBLIC_ADDRESS_TIMEOUT_MS;
  const transport = deps.fetch ? undefined : createDefaultTransport({ proxyEnv: deps.proxyEnv });
  const fetch = deps.fetch ?? transport!.fetch;
  const deadline = startDeadline(timeoutMs);
  const started = performance.now();
  try {
    const answer = await fetch(check.url, {
      method: 'GET',
      headers: { accept: 'application/json, text/plain', 'user-agent': 'casebridge' },
      signal: deadline.signal,
      redirect: 'manual',
    });
    const length = Number(answer.headers.get('content-length') ?? '0');
    if (length > MAX_ANSWER_CHARS) return { status: 'failed', source, reason: `The service at ${check.url} answered with ${length} bytes, too long to be an address.` };
    const body = await answer.text();
    if (answer.status < 200 || answer.status > 299) {
      return { status: 'failed', source, reason: `The service at ${check.url} answered HTTP ${answer.status}${body.trim() ? `: "${quoteUntrusted(body)}"` : ''}.` };
    }
    const parsed = parseAddressAnswer(body);
    if (!parsed.ok) return { status: 'failed', source, reason: `The service at ${check.url} ${parsed.reason}.` };
    return { status: 'found', address: parsed.address, family: parsed.family, source, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'failed', source, reason: describeFailure(error, check.url, timeoutMs, deadline.timedOut()) };
  } finally {
    deadline.clear();
    transport?.close();
  }
}
