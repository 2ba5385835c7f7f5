/**
 * The general reading of an HTTP answer, alone: fake answers, no network.
 */
import { describe, expect, it } from 'vitest';
import type { AdviceContext, HttpAnswer } from '../../../../../electron/engine/network/diagnosis/connector-check';
import { answerWords, generalHttpVerdict, isAllowlistRefusal } from '../../../../../electron/engine/network/diagnosis/http-verdict';

const context: AdviceContext = { label: 'Civica Cx', host: 'cx.example', port: 443, allowlistAdvice: async (lead) => `${lead} [addresses]` };
const answer = (status: number, body = '', extra: Partial<HttpAnswer> = {}): HttpAnswer => ({ status, statusText: 'Status', headers: {}, body, ms: 12, ...extra });

describe('what an answer said, for a person', () => {
  it('reads an API error as its code and message, anything else as its text, quoted safely and shortened', () => {
    expect(answerWords('{"code":"IP_NOT_ALLOWED","message":"Access from 10.0.0.1 is not allowed"}')).toBe('IP_NOT_ALLOWED: Access from 10.0.0.1 is not allowed');
    expect(answerWords('{"error":"Forbidden"}')).toBe('Forbidden');
    expect(answerWords('{"code":42,"detail":"no"}')).toBe('no');
    expect(answerWords('{"code":"X"}')).toBe('{"code":"X"}');
    expect(answerWords('<html>\n<title>Blocked</title>\u0007</html>')).toBe('<html> <title>Blocked</title> </html>');
    expect(answerWords('x'.repeat(300))).toBe(`${'x'.repeat(160)}…`);
  });
});

describe('the allowlist refusal', () => {
  it('is a 403 whose JSON code is IP_NOT_ALLOWED, or whose words say the address is not allowed', () => {
    expect(isAllowlistRefusal(answer(403, '{"code":"IP_NOT_ALLOWED"}'))).toBe(true);
    expect(isAllowlistRefusal(answer(403, 'Your IP address 10.0.0.1 is not allowed'))).toBe(true);
    expect(isAllowlistRefusal(answer(403, 'caller not on the allowlist'))).toBe(true);
    expect(isAllowlistRefusal(answer(403, '{"code":"FORBIDDEN"}'))).toBe(false);
    expect(isAllowlistRefusal(answer(401, '{"code":"IP_NOT_ALLOWED"}'))).toBe(false);
  });
});

describe('the general verdict', () => {
  it('passes any answer of a web server, naming it and the time', async () => {
    expect(await generalHttpVerdict(answer(404, 'nothing here', { statusText: 'Not Found', headers: { server: 'nginx' } }), context)).toEqual({
      ok: true,
      detail: 'The web server answered HTTP 404 Not Found in 12 ms (server: nginx).',
    });
  });

  it('fails an allowlist refusal with the allowlist advice, a 407 with the proxy advice, a 5xx with try-again advice', async () => {
    const refused = await generalHttpVerdict(answer(403, '{"code":"IP_NOT_ALLOWED","message":"Access from 10.0.0.1 is not allowed"}'), context);
    expect(refused).toEqual({
      ok: false,
      detail: `Civica Cx refused this workstation's address (HTTP 403). It said: "IP_NOT_ALLOWED: Access from 10.0.0.1 is not allowed"`,
      advice: "Civica Cx only accepts calls from addresses on its IP allowlist, and this workstation's is not on it. [addresses]",
    });
    expect(await generalHttpVerdict(answer(407), context)).toMatchObject({ ok: false, detail: 'The proxy asks for a user name and password (HTTP 407).' });
    expect(await generalHttpVerdict(answer(502, '', { statusText: 'Bad Gateway' }), context)).toMatchObject({
      ok: false,
      detail: 'The server, or a proxy on the way, answered HTTP 502 Bad Gateway: it was reached but is not serving.',
      advice: expect.stringMatching(/tell the administrators of Civica Cx/),
    });
  });

  it('fails a redirect, saying where it points (shortened, quoted safely) or that it does not say; a 304 is not a redirect', async () => {
    const long = `https://cx.example.net/${'a'.repeat(300)}`;
    const moved = await generalHttpVerdict(answer(308, '', { statusText: 'Permanent Redirect', headers: { location: long } }), context);
    expect(moved).toMatchObject({ ok: false, advice: expect.stringMatching(/^If that is the new address of Civica Cx \(not a proxy's or a sign-in page\), set the base URL/) });
    expect(moved.detail).toBe(`The web server answered HTTP 308 Permanent Redirect: a redirect to "${long.slice(0, 200)}…". casebridge does not follow redirects.`);
    expect(await generalHttpVerdict(answer(302, '', { statusText: 'Found' }), context)).toEqual({
      ok: false,
      detail: 'The web server answered HTTP 302 Found: a redirect that does not say where to. casebridge does not follow redirects.',
      advice: 'Check the base URL on the Connections page with the administrators of Civica Cx.',
    });
    expect(await generalHttpVerdict(answer(304, '', { statusText: 'Not Modified' }), context)).toMatchObject({ ok: true });
  });
});
