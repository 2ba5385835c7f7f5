import type { MessageBoxOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { ServerPin } from '../../../electron/main/console-mode';
import type { ServerCertificate } from '../../../electron/main/server-certificate';
import { checkServer, type Ask, type ServerCheckDeps } from '../../../electron/main/trust-on-first-use';

const fingerprint = (seed: number) => Array.from({ length: 32 }, (_, i) => ((seed + i * 13) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');
const certificate = (seed: number): ServerCertificate => ({
  fingerprint: fingerprint(seed),
  subject: 'CN=casebridge.council.local',
  issuer: 'CN=casebridge.council.local',
  validFrom: 'Dec  5 09:00:00 2026 GMT',
  validTo: 'Dec  5 09:00:00 2027 GMT',
});
const URL_ = 'https://casebridge.council.local:8443/';
const PIN: ServerPin = { url: URL_, fingerprint: fingerprint(1), trustedAt: '2026-12-01T09:00:00.000Z' };
const NOW = new Date('2026-12-05T10:00:00.000Z');

/** A dialog that answers each question in turn, and remembers what it was asked. */
function answering(...answers: { response: number; checkboxChecked?: boolean }[]) {
  const asked: MessageBoxOptions[] = [];
  const ask: Ask = vi.fn(async (options: MessageBoxOptions) => {
    asked.push(options);
    const answer = answers.shift();
    if (!answer) throw new Error(`not expected to ask: ${options.message}`);
    return { response: answer.response, checkboxChecked: answer.checkboxChecked ?? false };
  });
  return { ask, asked };
}

const deps = (presented: ServerCertificate | Error, ask: Ask): ServerCheckDeps => ({
  readCertificate: async () => {
    if (presented instanceof Error) throw presented;
    return presented;
  },
  ask,
  now: () => NOW,
});

describe('trust on first use', () => {
  it('asks the first time, showing the fingerprint to compare, and saves it on Trust', async () => {
    const { ask, asked } = answering({ response: 1 });
    const result = await checkServer(URL_, undefined, deps(certificate(1), ask));
    expect(result).toEqual({ kind: 'connect', trustedNow: true, mode: { mode: 'server', url: URL_, fingerprint: fingerprint(1), trustedAt: NOW.toISOString() } });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ buttons: ['Cancel', 'Trust and connect'], defaultId: 0, cancelId: 0 });
    expect(asked[0]!.message).toBe('Is this the casebridge server at casebridge.council.local:8443?');
    expect(asked[0]!.detail).toContain(fingerprint(1));
    expect(asked[0]!.detail).toContain('Compare it with the one the server printed when it started, or the one its administrator gives you.');
  });

  it('does not connect when the person cancels the first question', async () => {
    const { ask } = answering({ response: 0 });
    expect(await checkServer(URL_, undefined, deps(certificate(1), ask))).toEqual({ kind: 'declined' });
  });

  it('connects without a question when the fingerprint is the one trusted, for any page of that host and port', async () => {
    const { ask } = answering();
    expect(await checkServer(`${URL_}console`, PIN, deps(certificate(1), ask))).toEqual({
      kind: 'connect',
      trustedNow: false,
      mode: { mode: 'server', url: `${URL_}console`, fingerprint: PIN.fingerprint, trustedAt: PIN.trustedAt },
    });
    expect(ask).not.toHaveBeenCalled();
  });

  it('refuses a different fingerprint with a warning that someone may be intercepting', async () => {
    const { ask, asked } = answering({ response: 0 });
    expect(await checkServer(URL_, PIN, deps(certificate(2), ask))).toEqual({ kind: 'declined' });
    expect(asked[0]).toMatchObject({
      type: 'warning',
      title: 'The server’s certificate has changed',
      buttons: ['Do not connect', 'Trust the new certificate…'],
      defaultId: 0,
      cancelId: 0,
    });
    expect(asked[0]!.message).toContain('Someone may be intercepting the connection, so casebridge has not connected.');
    expect(asked[0]!.detail).toContain(`Trusted on ${PIN.trustedAt}:\n${fingerprint(1)}`);
    expect(asked[0]!.detail).toContain(`Presented now:\n${fingerprint(2)}`);
  });

  it('trusts a changed certificate only when the person confirms having compared it', async () => {
    // Choosing "Trust the new certificate…" and then Trust without ticking the box: still refused.
    const unticked = answering({ response: 1 }, { response: 1, checkboxChecked: false });
    expect(await checkServer(URL_, PIN, deps(certificate(2), unticked.ask))).toEqual({ kind: 'declined' });
    expect(unticked.asked[1]).toMatchObject({ checkboxChecked: false, defaultId: 0, cancelId: 0 });
    expect(unticked.asked[1]!.checkboxLabel).toContain('I have compared this fingerprint');

    const confirmed = answering({ response: 1 }, { response: 1, checkboxChecked: true });
    expect(await checkServer(URL_, PIN, deps(certificate(2), confirmed.ask))).toMatchObject({ kind: 'connect', trustedNow: true, mode: { fingerprint: fingerprint(2) } });
  });

  it('treats another host or port as a first use, not as a change', async () => {
    const { ask, asked } = answering({ response: 1 });
    await checkServer('https://casebridge.council.local:9443/', PIN, deps(certificate(2), ask));
    expect(asked[0]!.title).toBe('Check the server’s certificate');
  });

  it('answers in words when the server cannot be reached, without asking anything', async () => {
    const { ask } = answering();
    expect(await checkServer(URL_, PIN, deps(new Error('Nothing is listening at casebridge.council.local:8443.'), ask))).toEqual({
      kind: 'unreachable',
      message: 'Nothing is listening at casebridge.council.local:8443.',
    });
  });

  it('connects to plain http on this computer without a certificate', async () => {
    const { ask } = answering();
    const read = vi.fn();
    expect(await checkServer('http://127.0.0.1:8080/', undefined, { readCertificate: read, ask, now: () => NOW })).toEqual({
      kind: 'connect',
      trustedNow: false,
      mode: { mode: 'server', url: 'http://127.0.0.1:8080/' },
    });
    expect(read).not.toHaveBeenCalled();
  });
});
