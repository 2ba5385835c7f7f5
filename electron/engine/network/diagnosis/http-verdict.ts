/**
 * The general reading of an HTTP answer, for every connector: a web server answered, unless the
 * answer says this workstation's address is not allowed (Civica Cx's IP_NOT_ALLOWED, explained with
 * this workstation's addresses), the proxy wants a password, it is a redirect (never followed by
 * the connectors: their requests carry credentials meant for the saved address), or an error page.
 */
import { quoteUntrusted } from '../public-address';
import type { AdviceContext, HttpAnswer, StepVerdict } from './connector-check';

/** The words of the answer that say the caller's address is not allowed (Civica Cx: IP_NOT_ALLOWED). */
export function isAllowlistRefusal(answer: Pick<HttpAnswer, 'status' | 'body'>): boolean {
  if (answer.status !== 403) return false;
  try {
    const parsed = JSON.parse(answer.body) as { code?: unknown };
    if (parsed && typeof parsed === 'object' && parsed.code === 'IP_NOT_ALLOWED') return true;
  } catch {
    // not JSON: look at the words
  }
  return /IP_NOT_ALLOWED|not (on the )?allow ?list|not whitelisted|ip address .*not allowed/i.test(answer.body);
}

/**
 * What an answer's body says, for a person: an API's JSON error as its code and message (Cx:
 * `{code, message}`), anything else as the text; quoted safely and shortened.
 */
export function answerWords(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const message = [parsed.message, parsed.error, parsed.detail].find((m): m is string => typeof m === 'string' && m.trim() !== '');
    if (parsed && typeof parsed === 'object' && message) return quoteUntrusted(typeof parsed.code === 'string' ? `${parsed.code}: ${message}` : message, 160);
  } catch {
    // not JSON: the text itself
  }
  return quoteUntrusted(body, 160);
}

/** The general reading of an HTTP answer: a web server answered, unless it says otherwise. */
export async function generalHttpVerdict(answer: HttpAnswer, context: AdviceContext): Promise<StepVerdict> {
  const said = answer.body.trim() ? ` It said: "${answerWords(answer.body)}"` : '';
  if (isAllowlistRefusal(answer)) {
    return {
      ok: false,
      detail: `${context.label} refused this workstation's address (HTTP 403).${said}`,
      advice: await context.allowlistAdvice(`${context.label} only accepts calls from addresses on its IP allowlist, and this workstation's is not on it.`),
    };
  }
  if (answer.status === 407) {
    return {
      ok: false,
      detail: 'The proxy asks for a user name and password (HTTP 407).',
      advice: 'Put the proxy user name and password in the proxy variable (http://user:password@proxy:port), or ask IT to let this workstation through the proxy without them.',
    };
  }
  if (isRedirect(answer.status)) return redirectVerdict(answer, context);
  if (answer.status >= 500) {
    return {
      ok: false,
      detail: `The server, or a proxy on the way, answered HTTP ${answer.status} ${answer.statusText}: it was reached but is not serving.${said}`,
      advice: `Try again in a few minutes. If it persists, tell the administrators of ${context.label}, with the time of this diagnosis.`,
    };
  }
  const server = typeof answer.headers.server === 'string' ? ` (server: ${quoteUntrusted(answer.headers.server, 40)})` : '';
  return { ok: true, detail: `The web server answered HTTP ${answer.status} ${answer.statusText} in ${answer.ms} ms${server}.` };
}

/** A 3xx that points elsewhere (a 304 is an answer about a cache, not a redirect). */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/** Where a redirect points, quoted safely, and that the base URL should be that address. */
function redirectVerdict(answer: HttpAnswer, context: AdviceContext): StepVerdict {
  const location = typeof answer.headers.location === 'string' && answer.headers.location.trim() ? quoteUntrusted(answer.headers.location, 200) : undefined;
  const status = `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  if (!location) {
    return {
      ok: false,
      detail: `The web server answered ${status}: a redirect that does not say where to. casebridge does not follow redirects.`,
      advice: `Check the base URL on the Connections page with the administrators of ${context.label}.`,
    };
  }
  return {
    ok: false,
    detail: `The web server answered ${status}: a redirect to "${location}". casebridge does not follow redirects.`,
    advice: `If that is the new address of ${context.label} (not a proxy's or a sign-in page), set the base URL on the Connections page to the address it points to (written as the base URL is now, without the rest of the path), then diagnose again.`,
  };
}
