import { describe, expect, it } from 'vitest';
import { Allowlist } from '../../../emulators/civica-cx/auth';
import { DEFAULT_ALLOWLIST, DEMO_USER, startCivicaCxEmulator } from '../../../emulators/civica-cx/index';
import { settlesWithin } from '../../../support/hang-guard';
import { admin, call, client, emulator } from './helpers';

describe('the IP allowlist', () => {
  it('lets loopback callers in by default', async () => {
    const { emu } = await emulator();
    expect(emu.allowlist()).toEqual([...DEFAULT_ALLOWLIST]);
    expect((await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER })).status).toBe(200);
    expect(emu.requestLog()[0]!.remoteAddress).toBe('127.0.0.1');
  });

  it('answers 403 IP_NOT_ALLOWED naming the caller when its address is not on the list, before sign-in or tokens', async () => {
    const { emu } = await emulator();
    const api = await client(emu);
    emu.setAllowlist(['::1', '10.20.0.0/16']);
    const signIn = await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER });
    expect(signIn.status).toBe(403);
    expect(signIn.json).toEqual({ code: 'IP_NOT_ALLOWED', message: "Access from 127.0.0.1 is not allowed: the caller's address must be on the Cx API allowlist" });
    expect((await api.get('/companies')).status).toBe(403); // a valid token does not help
    expect((await call(emu, 'GET', '/api/v1/companies')).status).toBe(403); // nor is a missing one reached
    // The admin endpoint is not behind the allowlist, so a test can put the address back.
    expect((await admin(emu, 'POST', '/allowlist', ['127.0.0.0/8'])).json).toEqual(['127.0.0.0/8']);
    expect((await api.get('/companies')).status).toBe(200);
  });

  it('refuses every caller with an empty list', async () => {
    const { emu } = await emulator({ allowlist: [] });
    expect((await call(emu, 'POST', '/api/v1/token', { json: DEMO_USER })).status).toBe(403);
    expect(emu.requestLog().map((e) => e.status)).toEqual([403]);
  });

  it('rejects entries that are not addresses or CIDR blocks, changing nothing', async () => {
    const { emu } = await emulator();
    expect(() => emu.setAllowlist(['127.0.0.1', 'localhost'])).toThrow(/entry 1 "localhost" is not an IP address/);
    expect(() => emu.setAllowlist(['10.0.0.0/33'])).toThrow(/prefix longer than the address/);
    expect(emu.allowlist()).toEqual([...DEFAULT_ALLOWLIST]);
    const bad = await admin(emu, 'POST', '/allowlist', { addresses: [42] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/entry 0 must be a string/);
    expect((await admin(emu, 'POST', '/allowlist', { addresses: ['192.0.2.10', '::1'] })).json).toEqual(['192.0.2.10', '::1']);
    expect((await admin(emu, 'GET', '/allowlist')).json).toEqual(['192.0.2.10', '::1']);
  });

  it('matches IPv4, IPv4-mapped IPv6 and IPv6 callers, addresses and blocks', () => {
    const list = new Allowlist(['127.0.0.1', '::1', '192.0.2.0/24', '2001:db8::/32']);
    expect(list.allows('127.0.0.1')).toBe(true);
    expect(list.allows('::ffff:127.0.0.1')).toBe(true);
    expect(list.allows('::1')).toBe(true);
    expect(list.allows('192.0.2.200')).toBe(true);
    expect(list.allows('192.0.3.1')).toBe(false);
    expect(list.allows('2001:db8::5')).toBe(true);
    expect(list.allows('2001:db9::5')).toBe(false);
    expect(list.allows('')).toBe(false);
  });
});

describe('how a blocked caller is answered (the allowlist answer)', () => {
  it("answers the JSON 403 by default, and a firewall's HTML page (403 text/html) when set to html", async () => {
    const { emu } = await emulator({ allowlist: [] });
    expect(emu.allowlistAnswer()).toBe('json403');
    expect((await call(emu, 'GET', '/api/v1/companies')).json).toMatchObject({ code: 'IP_NOT_ALLOWED' });
    emu.setAllowlistAnswer('html');
    const page = await call(emu, 'GET', '/api/v1/companies');
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toMatch(/^<!DOCTYPE html>.*<title>Access Denied<\/title>/s);
    expect(page.json).toBeUndefined();
    expect(emu.requestLog().map((e) => e.status)).toEqual([403, 403]);
  });

  it('with refused, cuts the connection without an answer (the client sees a reset)', async () => {
    const { emu } = await emulator({ allowlist: [], allowlistAnswer: 'refused' });
    const failure = await fetch(`${emu.baseUrl}/api/v1/companies`).then(
      () => undefined,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
    );
    expect(failure).toBe('ECONNRESET');
    expect(emu.requestLog().map((e) => e.status)).toEqual([0]);
  });

  it('with timeout, holds the connection unanswered until the caller gives up, and closing the emulator ends it at once', async () => {
    // Started here, not by the helper: the test closes it itself.
    const emu = await startCivicaCxEmulator({ allowlist: [], allowlistAnswer: 'timeout', empty: true });
    let closing: Promise<void> | undefined;
    try {
      const gaveUp = await fetch(`${emu.baseUrl}/api/v1/companies`, { signal: AbortSignal.timeout(100) }).then(
        () => 'answered',
        (error: Error) => error.name,
      );
      expect(gaveUp).toBe('TimeoutError');
      // A caller still held when the emulator closes is let go promptly (its connection is ended).
      const held = fetch(`${emu.baseUrl}/api/v1/companies`).then(
        () => 'answered',
        () => 'cut',
      );
      await waitFor(() => emu.requestLog().length === 2);
      closing = emu.close();
      await settlesWithin(closing, 'the emulator closing while a caller is held');
      expect(await settlesWithin(held, 'the held caller let go')).toBe('cut');
    } finally {
      if (!closing) await emu.close();
    }
  });

  it('is set through the admin endpoint and checked there, naming the choices', async () => {
    const { emu } = await emulator({ allowlist: [] });
    expect((await admin(emu, 'POST', '/allowlist/answer', { answer: 'html' })).json).toEqual({ answer: 'html' });
    expect((await admin(emu, 'GET', '/allowlist/answer')).json).toEqual({ answer: 'html' });
    const bad = await admin(emu, 'POST', '/allowlist/answer', { answer: 'drop' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe('Invalid allowlist answer "drop": choose json403, timeout, refused or html');
    expect(emu.allowlistAnswer()).toBe('html');
    expect(() => emu.setAllowlistAnswer('teapot' as never)).toThrow(/Invalid allowlist answer "teapot"/);
  });
});

/** Polls until `ready` (a hang detector bounds it), for a server-side fact the client cannot see. */
async function waitFor(ready: () => boolean): Promise<void> {
  let stop = false;
  try {
    await settlesWithin(
      (async () => {
        while (!ready() && !stop) await new Promise((resolve) => setImmediate(resolve));
      })(),
      'the request to arrive',
    );
  } finally {
    stop = true;
  }
}
