/**
 * Tascomi's part of a diagnosis, end to end against loopback servers: an old tascomi.com address
 * that answers with a redirect to Idox Cloud, and the emulator without the case-reference column
 * (the duplicate guard off), each said as the Connections page says it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diagnose, type DiagnoseDeps } from '../../../../electron/engine/network/diagnose';
import { tascomiCheck } from '../../../../electron/engine/network/tascomi-check';
import type { Diagnosis } from '../../../../shared/domain/network';
import { DEMO_KEYS, startTascomiEmulator, type TascomiEmulator } from '../../../emulators/tascomi';
import { fakeClock } from '../../../support/fake-clock';
import { startLocalServer, type LocalServer } from '../../../support/local-server';

let local: LocalServer | undefined;
let emulator: TascomiEmulator | undefined;
afterEach(async () => {
  await local?.close();
  await emulator?.close();
  local = emulator = undefined;
});

const clock = fakeClock(new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), 'Europe/London');
const deps: DiagnoseDeps = { clock, proxyEnv: {}, stepTimeoutMs: 2_000, allowlistAddresses: () => ['203.0.113.7'] };
const check = (baseUrl: string) => tascomiCheck({ baseUrl, ...DEMO_KEYS, timeZone: 'Europe/London' }, { clock, proxyEnv: {}, timeoutMs: 2_000 });
const summary = (d: Diagnosis) => d.steps.map((s) => `${s.name}:${s.status}`);
const step = (d: Diagnosis, name: string) => d.steps.find((s) => s.name === name)!;

describe('tascomiCheck: a redirect to Idox Cloud', () => {
  it('fails the HTTP step with the new address to save, and follows nothing', async () => {
    local = await startLocalServer((_req, res) => {
      res.writeHead(301, { Location: 'https://northbridge.idoxcloud.com/rest/v1/' });
      res.end();
    });
    const result = await diagnose(check(local.baseUrl), deps);
    expect(summary(result)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:skipped', 'http:failed', 'authenticate:not-run', 'clock:not-run']);
    expect(result.ok).toBe(false);
    expect(step(result, 'http').detail).toMatch(
      /^Tascomi moved this council to https:\/\/northbridge\.idoxcloud\.com\/rest: save that as the API base url on the Connections page \(HTTP 301 from 127\.0\.0\.1:\d+\)\. The redirect was not followed/,
    );
    expect(step(result, 'http').advice).toMatch(/Connections page/);
    expect(local.requests).toHaveLength(1);
  });
});

describe('tascomiCheck: the duplicate guard', () => {
  it('passes with the case reference step when the field is filterable', async () => {
    emulator = await startTascomiEmulator({ now: () => clock.millis() });
    const result = await diagnose(check(emulator.baseUrl), deps);
    expect(summary(result)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:skipped', 'http:ok', 'authenticate:ok', 'clock:ok', 'case_reference:ok']);
    expect(step(result, 'case_reference').advice).toBeUndefined();
  });

  it('warns, with advice an IT officer can act on, when complaints has no case reference column', async () => {
    emulator = await startTascomiEmulator({ now: () => clock.millis(), absentColumns: { complaints: ['external_reference'] } });
    const result = await diagnose(check(emulator.baseUrl), deps);
    expect(summary(result)).toEqual(['address:ok', 'dns:skipped', 'tcp:ok', 'tls:skipped', 'http:ok', 'authenticate:ok', 'clock:ok', 'case_reference:warning']);
    // A warning, not a failure: jobs can still be sent, without the guard.
    expect(result.ok).toBe(true);
    const guard = step(result, 'case_reference');
    expect(guard).toMatchObject({ ok: true, label: 'Check the case reference field (duplicate guard)' });
    // The Connections page's words.
    expect(guard.detail).toMatch(/^Duplicate guard off: external_reference is not filterable on complaints/);
    expect(guard.advice).toMatch(/Ask the Tascomi administrator to add a searchable external_reference column to complaints/);
    expect(guard.advice).toMatch(/Outcome unknown: check Tascomi by hand/);
  });
});
