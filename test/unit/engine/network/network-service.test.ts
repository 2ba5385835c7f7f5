/**
 * The Network page's calls on a real engine: an IT officer reads this workstation's addresses and
 * proxy, switches the public address on (a local "what is my address" service), and diagnoses the
 * configured Tascomi connection against the emulator: healthy, keys revoked, a clock off, and down.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName, CallResult } from '../../../../shared/contract';
import { dispatchCall } from '../../../../shared/dispatch';
import type { Diagnosis, NetworkInfo } from '../../../../shared/domain/network';
import { startTascomiEmulator, type TascomiEmulator, type TascomiEmulatorOptions } from '../../../emulators/tascomi';
import { tascomiSettingsFor } from '../../../support/connector-settings';
import { startTestEngine, type TestEngine } from '../../../support/engine';
import { settlesWithin } from '../../../support/hang-guard';
import { startLocalServer, type LocalServer } from '../../../support/local-server';

let t: TestEngine | undefined;
let emulator: TascomiEmulator | undefined;
let service: LocalServer | undefined;
afterEach(async () => {
  await t?.dispose();
  await emulator?.close();
  await service?.close();
  t = emulator = service = undefined;
});

const call = async (name: CallName, input?: unknown) => (await dispatchCall(t!.engine.handlers, name, input, t!.engine.localCaller)) as CallResult<any>;
const value = async <T = any>(name: CallName, input?: unknown): Promise<T> => {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.message}`);
  return result.value as T;
};
const summary = (d: Diagnosis) => d.steps.map((s) => `${s.name}:${s.status}`);
const step = (d: Diagnosis, name: string) => d.steps.find((s) => s.name === name)!;

async function configuredTascomi(options: Omit<TascomiEmulatorOptions, 'now'> = {}) {
  t = startTestEngine();
  t.clock.set('2026-06-15T10:00:20.000Z');
  emulator = await startTascomiEmulator({ ...options, now: () => t!.clock.now().toMillis() });
  await value('saveTascomiSettings', tascomiSettingsFor(emulator));
}

describe('getNetworkInfo and saveNetworkSettings', () => {
  it('lists the addresses and proxy, with the public address off until it is switched on', async () => {
    t = startTestEngine();
    const info = await value<NetworkInfo>('getNetworkInfo');
    expect(info.publicAddress).toEqual({ status: 'off', source: 'https://api.ipify.org/?format=json' });
    expect(info.interfaces.every((a) => a.address !== '127.0.0.1')).toBe(true);
    expect(info.connections).toEqual([
      { connector: 'tascomi', label: 'Tascomi / Idox Cloud', configured: false, reason: 'It is switched off: set it up on the Connections page.' },
    ]);
    expect(info.proxy.routes).toEqual([]);

    service = await startLocalServer((_req, res) => res.end('{"ip":"198.51.100.23"}'));
    const url = `http://127.0.0.1:${service.port}/ip`;
    await value('saveNetworkSettings', { publicAddressEnabled: true, publicAddressUrl: url });
    const after = await value<NetworkInfo>('getNetworkInfo');
    expect(after.settings).toEqual({ publicAddressEnabled: true, publicAddressUrl: url });
    expect(after.publicAddress).toMatchObject({ status: 'found', address: '198.51.100.23', family: 'IPv4', source: url });
  });

  it('refuses a service address that is not https, naming the field', async () => {
    t = startTestEngine();
    const refused = await call('saveNetworkSettings', { publicAddressEnabled: true, publicAddressUrl: 'http://ifconfig.me' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.issues).toEqual([{ path: 'publicAddressUrl', message: expect.stringMatching(/must start with https:\/\//) }]);
    expect((await value<NetworkInfo>('getNetworkInfo')).settings.publicAddressEnabled).toBe(false);
  });
});

describe('diagnoseConnection: Tascomi', () => {
  it('refuses while Tascomi is not set up, saying where to set it up', async () => {
    t = startTestEngine();
    const refused = await call('diagnoseConnection', { connector: 'tascomi' });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not set up: enable it .* on the Connections page/) } });
  });

  it('passes every step against the emulator, with the keys and clock checked by the connector, and logs it', async () => {
    await configuredTascomi();
    const info = await value<NetworkInfo>('getNetworkInfo');
    expect(info.connections[0]).toMatchObject({ configured: true, baseUrl: emulator!.baseUrl });
    expect(info.proxy.routes[0]).toMatchObject({ connector: 'tascomi', route: 'direct (no proxy)' });

    const result = await value<Diagnosis>('diagnoseConnection', { connector: 'tascomi' });
    expect(summary(result)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:skipped', 'http:ok', 'authenticate:ok', 'clock:ok', 'case_reference:ok']);
    expect(result).toMatchObject({ ok: true, connector: 'tascomi', label: 'Tascomi / Idox Cloud', target: emulator!.baseUrl });
    expect(step(result, 'authenticate').detail).toBe('The keys were accepted.');
    expect(step(result, 'clock').detail).toMatch(/^Tascomi's clock is 0\.\d s (ahead of|behind) this computer's/);
    expect(emulator!.requestLog().some((r) => r.path.endsWith('/v1/'))).toBe(true);
    t!.engine.log.flush();
    expect(t!.engine.log.recent(5, undefined).map((e) => e.message)).toContain(`Network diagnosis of Tascomi / Idox Cloud (${emulator!.baseUrl}): every step passed.`);
  });

  it('complaints without the case reference column: every step passes, the duplicate guard warns, and the log says so', async () => {
    await configuredTascomi({ absentColumns: { complaints: ['external_reference'] } });
    const result = await value<Diagnosis>('diagnoseConnection', { connector: 'tascomi' });
    expect(result.ok).toBe(true);
    expect(step(result, 'case_reference')).toMatchObject({ status: 'warning', detail: expect.stringMatching(/^Duplicate guard off: external_reference/) });
    t!.engine.log.flush();
    const logged = t!.engine.log.recent(5, undefined).find((e) => e.source === 'network')!;
    expect(logged.level).toBe('warn');
    expect(logged.message).toMatch(
      /^Network diagnosis of Tascomi \/ Idox Cloud \(http:\/\/127\.0\.0\.1:\d+\/rest\): every step passed, with a warning at "Check the case reference field \(duplicate guard\)": Duplicate guard off/,
    );
  });

  it('a 401 (keys no longer accepted) fails at authentication, pointing at the keys', async () => {
    await configuredTascomi();
    emulator!.addKey({ ...emulator!.keys[0]!, privateKey: 'a-new-private-key' });
    const result = await value<Diagnosis>('diagnoseConnection', { connector: 'tascomi' });
    expect(summary(result).slice(4)).toEqual(['http:ok', 'authenticate:failed', 'clock:not-run']);
    expect(step(result, 'authenticate').advice).toMatch(/^Tascomi refused the API keys\. On the Connections page, enter the public and private keys again/);
  });

  it("a clock five minutes off fails at the clock, pointing at the workstation's time", async () => {
    await configuredTascomi();
    emulator!.setFaults({ clockOffsetMs: 5 * 60_000 });
    const result = await value<Diagnosis>('diagnoseConnection', { connector: 'tascomi' });
    expect(summary(result).slice(5)).toEqual(['authenticate:ok', 'clock:failed']);
    expect(step(result, 'clock').detail).toMatch(/Tascomi's clock is 5\.0 minutes ahead of this computer's/);
    expect(step(result, 'clock').advice).toMatch(/this workstation's clock must be right: set it from an internet time server/);
  });

  it('with Tascomi down, fails at TCP and asks for the addresses to be allowed', async () => {
    await configuredTascomi();
    await emulator!.close();
    emulator = undefined;
    const result = await value<Diagnosis>('diagnoseConnection', { connector: 'tascomi' });
    expect(summary(result).slice(0, 4)).toEqual(['address:ok', 'dns:skipped', 'tcp:failed', 'tls:not-run']);
    expect(step(result, 'tcp').advice).toMatch(/Ask the administrators of Tascomi \/ Idox Cloud to allow this workstation's addresses/);
    expect(result.reason).toMatch(/refused the connection \(ECONNREFUSED\)/);
  });
});

describe('diagnoseConnection while the engine stops', () => {
  it('a diagnosis under way ends at once when the engine closes: the step it was on reads "stopped"', async () => {
    await configuredTascomi();
    // Tascomi now takes a minute to answer: only the stop can end the diagnosis within the hang guard.
    emulator!.setFaults({ latencyMs: 60_000 });
    const running = value<Diagnosis>('diagnoseConnection', { connector: 'tascomi' });
    await settlesWithin(t!.engine.close(), 'the engine closed');
    const result = await settlesWithin(running, 'the diagnosis under way');
    const stopped = result.steps.filter((s) => s.status === 'failed');
    expect(stopped).toEqual([expect.objectContaining({ detail: 'Stopped: the diagnosis was cancelled before this step finished (casebridge is closing).' })]);
    expect(result.steps.slice(result.steps.indexOf(stopped[0]!) + 1).every((s) => s.status === 'not-run')).toBe(true);
  });
});
