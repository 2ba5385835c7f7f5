import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkServerUrl,
  CONSOLE_MODE_FILE,
  consoleModeFile,
  localModeAfter,
  parseServerArgv,
  serverAtStart,
  withoutServerArgv,
  type ConsoleMode,
} from '../../../electron/main/console-mode';
import { makeDataDir, removeDataDir } from '../../support/host-process';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');
const SERVER: ConsoleMode = { mode: 'server', url: 'https://casebridge.council.local:8443/', fingerprint: FINGERPRINT, trustedAt: '2026-12-05T09:00:00.000Z' };
const NOW = new Date('2026-12-05T10:11:12.345Z');

let dir: string;
beforeEach(() => {
  dir = makeDataDir();
});
afterEach(() => removeDataDir(dir));

const file = () => consoleModeFile(dir, () => NOW);
const writeRaw = (text: string) => writeFileSync(join(dir, CONSOLE_MODE_FILE), text);

describe('the console mode file', () => {
  it('is the local engine when there is no file', () => {
    expect(file().read()).toEqual({ mode: { mode: 'local' } });
  });

  it('reads back each mode it saved', () => {
    const modes: ConsoleMode[] = [SERVER, { mode: 'server', url: 'http://127.0.0.1:8080/?token=abc' }, { mode: 'local' }, localModeAfter(SERVER)];
    for (const mode of modes) {
      file().save(mode);
      expect(file().read()).toEqual({ mode });
    }
    expect(readdirSync(dir)).toEqual([CONSOLE_MODE_FILE]); // no temporary file left behind
  });

  it('reads an address written by hand as the prompt would take it', () => {
    writeRaw(JSON.stringify({ mode: 'server', url: ' http://localhost:8080 ' }));
    expect(file().read()).toEqual({ mode: { mode: 'server', url: 'http://localhost:8080/' } });
  });

  it('refuses to save what it could not read back', () => {
    expect(() => file().save({ mode: 'server', url: 'https://casebridge.council.local/' })).toThrow(/fingerprint/);
    expect(() => file().save({ mode: 'server', url: 'http://10.0.0.5/' })).toThrow(/Plain http is only for a server on this computer/);
  });

  it.each([
    ['not JSON', '{"mode": "server", ', /it is not JSON/],
    ['an unknown mode', '{"mode": "cloud"}', /mode: must be "local" or "server"/],
    ['plain http to another computer', JSON.stringify({ mode: 'server', url: 'http://10.1.2.3:8080/' }), /Plain http is only for a server on this computer/],
    ['https without a fingerprint', JSON.stringify({ mode: 'server', url: 'https://cb.local/' }), /fingerprint: an https server needs the fingerprint trusted/],
    ['a fingerprint that is not SHA-256', JSON.stringify({ ...SERVER, fingerprint: 'AB:CD' }), /fingerprint: a SHA-256 fingerprint/],
    ['an unexpected key', JSON.stringify({ mode: 'local', engine: 'x' }), /engine/],
  ])('keeps a file with %s aside, warns, and uses the local engine', (_what, text, why) => {
    writeRaw(text);
    const read = file().read();
    expect(read.mode).toEqual({ mode: 'local' });
    expect(read.warning).toMatch(why);
    const aside = `${CONSOLE_MODE_FILE}.bad-2026-12-05T10-11-12-345Z`;
    expect(read.warning).toContain(join(dir, aside));
    expect(readdirSync(dir)).toEqual([aside]);
    expect(readFileSync(join(dir, aside), 'utf8')).toBe(text); // nothing lost
    expect(file().read()).toEqual({ mode: { mode: 'local' } }); // and the next start is quiet
  });

  it('going back to the local engine remembers the server’s certificate', () => {
    expect(localModeAfter(SERVER)).toEqual({ mode: 'local', lastServer: { url: SERVER.url, fingerprint: FINGERPRINT, trustedAt: SERVER.trustedAt } });
    expect(localModeAfter({ mode: 'server', url: 'http://localhost:8080/' })).toEqual({ mode: 'local' });
  });
});

describe('a server address as typed', () => {
  it.each([
    ['https://casebridge.council.local:8443', 'https://casebridge.council.local:8443/'],
    ['  https://CB.Council.Local/console#/jobs ', 'https://cb.council.local/console'],
    ['http://127.0.0.1:8080/?token=abc', 'http://127.0.0.1:8080/?token=abc'],
    ['http://localhost:8080', 'http://localhost:8080/'],
  ])('accepts %j as %j', (typed, url) => {
    expect(checkServerUrl(typed)).toEqual({ ok: true, url });
  });

  it.each([
    ['', /Type the address/],
    ['casebridge.council.local', /is not a web address/],
    ['http://casebridge.council.local:8080', /Plain http is only for a server on this computer. Use https:\/\/casebridge.council.local:8080/],
    ['ftp://casebridge.council.local', /must start with https:\/\//],
    ['https://admin:secret@casebridge.council.local', /Leave the user name and password out/],
    [`https://x.local/${'a'.repeat(2001)}`, /longer than 2,000 characters/],
  ])('refuses %j, saying what to type', (typed, message) => {
    const check = checkServerUrl(typed);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message).toMatch(message);
  });
});

describe('--server on the command line', () => {
  it('is read in either form, checked, and dropped for a relaunch', () => {
    expect(parseServerArgv(['.', '--no-sandbox'])).toBeUndefined();
    expect(parseServerArgv(['.', '--server', 'https://cb.local:8443'])).toBe('https://cb.local:8443/');
    expect(parseServerArgv(['.', '--server=https://cb.local'])).toBe('https://cb.local/');
    expect(() => parseServerArgv(['.', '--server'])).toThrow(/Option --server needs the server’s address/);
    expect(() => parseServerArgv(['.', '--server', 'http://cb.local'])).toThrow(/^Option --server: Plain http is only for a server on this computer/);
    expect(withoutServerArgv(['.', '--server', 'https://a/', '--x', '--server=https://b/', 'y'])).toEqual(['.', '--x', 'y']);
  });
});

describe('the server opened at start', () => {
  const policyServer = 'https://cb.council.local:8443/';
  it('is one the machine policy locks, over --server and over a saved choice', () => {
    expect(serverAtStart({ policy: { url: policyServer, locked: true }, serverArg: 'https://other.local/', choiceSaved: true })).toBe(policyServer);
  });
  it('is --server over a server the policy only presets', () => {
    expect(serverAtStart({ policy: { url: policyServer, locked: false }, serverArg: 'https://other.local/', choiceSaved: false })).toBe('https://other.local/');
  });
  it('is a preset server only until a choice of engine is saved', () => {
    expect(serverAtStart({ policy: { url: policyServer, locked: false }, choiceSaved: false })).toBe(policyServer);
    expect(serverAtStart({ policy: { url: policyServer, locked: false }, choiceSaved: true })).toBeUndefined();
  });
  it('is none without a policy server or --server (the saved choice decides)', () => {
    expect(serverAtStart({ choiceSaved: false })).toBeUndefined();
  });
});
