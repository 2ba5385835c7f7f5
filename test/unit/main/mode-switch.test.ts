import { existsSync, writeFileSync } from 'node:fs';
import type { MessageBoxOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleModeFile, type ConsoleMode, type ConsoleModeFile } from '../../../electron/main/console-mode';
import { createModeSwitch } from '../../../electron/main/mode-switch';
import type { ServerCertificate } from '../../../electron/main/server-certificate';
import { makeDataDir, removeDataDir } from '../../support/host-process';

const fingerprint = (seed: number) => Array.from({ length: 32 }, (_, i) => ((seed + i * 5) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');
const presented = (seed: number): ServerCertificate => ({ fingerprint: fingerprint(seed), subject: 'CN=cb', issuer: 'CN=cb', validFrom: 'a', validTo: 'b' });
const SERVER_URL = 'https://cb.council.local:8443/';
const TRUSTED: ConsoleMode = { mode: 'server', url: SERVER_URL, fingerprint: fingerprint(1), trustedAt: '2026-12-01T09:00:00.000Z' };
const NOW = new Date('2026-12-05T10:00:00.000Z');

let dir: string;
let file: ConsoleModeFile;
beforeEach(() => {
  dir = makeDataDir();
  file = consoleModeFile(dir, () => NOW);
});
afterEach(() => removeDataDir(dir));

function rig(options: { certificate?: ServerCertificate | Error; answers?: number[]; typed?: string } = {}) {
  const answers = [...(options.answers ?? [])];
  const asked: MessageBoxOptions[] = [];
  const relaunch = vi.fn();
  const promptForUrl = vi.fn(async (_initial: string | undefined) => options.typed);
  const readCertificate = vi.fn(async () => {
    const certificate = options.certificate ?? presented(1);
    if (certificate instanceof Error) throw certificate;
    return certificate;
  });
  const modes = createModeSwitch({
    file,
    readCertificate,
    ask: async (question) => {
      asked.push(question);
      const response = answers.shift();
      if (response === undefined) throw new Error(`not expected to ask: ${question.message}`);
      return { response, checkboxChecked: false };
    },
    promptForUrl,
    relaunch,
    now: () => NOW,
  });
  return { modes, asked, relaunch, promptForUrl, readCertificate };
}

describe('choosing the mode at start-up', () => {
  it('runs the local engine when nothing was chosen, without looking for a server', async () => {
    const { modes, readCertificate } = rig();
    expect(await modes.chooseAtStart()).toEqual({ mode: 'local' });
    expect(readCertificate).not.toHaveBeenCalled();
  });

  it('connects to the saved server when it presents the trusted certificate, asking nothing', async () => {
    file.save(TRUSTED);
    const { modes, asked } = rig();
    expect(await modes.chooseAtStart()).toEqual(TRUSTED);
    expect(asked).toEqual([]);
  });

  it('does not connect when the saved server presents another certificate, and the person may quit', async () => {
    file.save(TRUSTED);
    const { modes, asked } = rig({ certificate: presented(2), answers: [0, 0] }); // Do not connect; Quit
    expect(await modes.chooseAtStart()).toBeUndefined();
    expect(asked.map((a) => a.title)).toEqual(['The server’s certificate has changed', 'Not connected to the casebridge server']);
    expect(file.read().mode).toEqual(TRUSTED); // the trusted certificate stays trusted
  });

  it('offers to try again or to use this workstation’s engine when the server cannot be reached', async () => {
    file.save(TRUSTED);
    const { modes, asked, readCertificate } = rig({ certificate: new Error('Nothing is listening at cb.council.local:8443.'), answers: [1, 2] });
    expect(await modes.chooseAtStart()).toEqual({ mode: 'local', lastServer: { url: SERVER_URL, fingerprint: fingerprint(1), trustedAt: TRUSTED.trustedAt } });
    expect(readCertificate).toHaveBeenCalledTimes(2); // tried again once
    expect(asked[0]).toMatchObject({ detail: 'Nothing is listening at cb.council.local:8443.', buttons: ['Quit', 'Try again', 'Use this workstation’s engine'] });
    expect(file.read().mode).toEqual({ mode: 'local', lastServer: { url: SERVER_URL, fingerprint: fingerprint(1), trustedAt: TRUSTED.trustedAt } });
  });

  it('asks on first use for --server, and saves the server once trusted', async () => {
    const { modes, asked } = rig({ answers: [1] });
    const chosen = await modes.chooseAtStart(SERVER_URL);
    expect(chosen).toEqual({ mode: 'server', url: SERVER_URL, fingerprint: fingerprint(1), trustedAt: NOW.toISOString() });
    expect(asked[0]!.title).toBe('Check the server’s certificate');
    expect(file.read().mode).toEqual(chosen);
  });

  it('warns about a mode file it could not read, and runs the local engine', async () => {
    writeFileSync(file.path, 'not json');
    const { modes, asked } = rig({ answers: [0] });
    expect(await modes.chooseAtStart()).toEqual({ mode: 'local' });
    expect(asked[0]).toMatchObject({ type: 'warning', buttons: ['OK'] });
    expect(asked[0]!.detail).toContain('it is not JSON');
  });
});

describe('switching from the menu', () => {
  it('connects to a typed server after its certificate is trusted, saves it and restarts', async () => {
    const { modes, relaunch, promptForUrl } = rig({ typed: SERVER_URL, answers: [1] });
    await modes.connect({ mode: 'local' });
    expect(promptForUrl).toHaveBeenCalledWith(undefined, expect.any(Function));
    expect(file.read().mode).toMatchObject({ mode: 'server', url: SERVER_URL, fingerprint: fingerprint(1) });
    expect(relaunch).toHaveBeenCalledTimes(1);
  });

  it('changes nothing when the prompt is cancelled or the certificate not trusted', async () => {
    const cancelled = rig({ typed: undefined });
    await cancelled.modes.connect({ mode: 'local' });
    const declined = rig({ typed: SERVER_URL, answers: [0] });
    await declined.modes.connect({ mode: 'local' });
    expect(cancelled.relaunch).not.toHaveBeenCalled();
    expect(declined.relaunch).not.toHaveBeenCalled();
    expect(existsSync(file.path)).toBe(false);
  });

  it('says why it could not connect, and stays as it is', async () => {
    const { modes, asked, relaunch } = rig({ typed: SERVER_URL, certificate: new Error('cb.council.local:8443 did not answer in HTTPS.'), answers: [0] });
    await modes.connect(TRUSTED);
    expect(asked[0]).toMatchObject({ type: 'error', message: 'casebridge could not connect to cb.council.local:8443.', detail: 'cb.council.local:8443 did not answer in HTTPS.' });
    expect(relaunch).not.toHaveBeenCalled();
  });

  it('starts the prompt from the last server, and uses its remembered certificate', async () => {
    file.save({ mode: 'local', lastServer: { url: SERVER_URL, fingerprint: fingerprint(1), trustedAt: '2026-12-01T09:00:00.000Z' } });
    const { modes, asked, promptForUrl, relaunch } = rig({ typed: SERVER_URL, certificate: presented(1) });
    await modes.connect(file.read().mode);
    expect(promptForUrl).toHaveBeenCalledWith(SERVER_URL, expect.any(Function));
    expect(asked).toEqual([]); // the same certificate as before: no question
    expect(relaunch).toHaveBeenCalled();
  });

  it('goes back to this workstation’s engine, remembering the server, and restarts', () => {
    const { modes, relaunch } = rig();
    modes.useLocal(TRUSTED);
    expect(file.read().mode).toEqual({ mode: 'local', lastServer: { url: SERVER_URL, fingerprint: fingerprint(1), trustedAt: TRUSTED.trustedAt } });
    expect(relaunch).toHaveBeenCalledTimes(1);
    modes.useLocal({ mode: 'local' });
    expect(relaunch).toHaveBeenCalledTimes(1); // already there
  });

  it('when the server’s console does not load, offers to try again, to go back, or to quit', async () => {
    const server = TRUSTED as Extract<ConsoleMode, { mode: 'server' }>;
    const { modes, asked, relaunch } = rig({ answers: [0, 2, 1] });
    expect(await modes.consoleDidNotLoad(server, 'ERR_CONNECTION_REFUSED (-102) loading https://cb.council.local:8443/')).toBe('retry');
    expect(asked[0]).toMatchObject({
      title: 'The server’s console did not open',
      message: 'casebridge could not open the console of the server at cb.council.local:8443.',
      buttons: ['Try again', 'Use this workstation’s engine', 'Quit'],
      cancelId: 2,
    });
    expect(asked[0]!.detail).toContain('ERR_CONNECTION_REFUSED');
    expect(await modes.consoleDidNotLoad(server, 'x')).toBe('quit');
    expect(relaunch).not.toHaveBeenCalled();
    expect(await modes.consoleDidNotLoad(server, 'x')).toBe('switched');
    expect(file.read().mode).toMatchObject({ mode: 'local', lastServer: { url: SERVER_URL } });
    expect(relaunch).toHaveBeenCalledTimes(1);
  });
});
