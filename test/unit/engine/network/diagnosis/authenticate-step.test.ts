/**
 * The connector's own check alone, with fake connector checks: its steps kept in its order, its
 * clock step set apart, its first failure named, a check that throws, and a stopped diagnosis.
 */
import { describe, expect, it } from 'vitest';
import { runConnectorCheck } from '../../../../../electron/engine/network/diagnosis/authenticate-step';
import type { DiagnosisStep } from '../../../../../shared/domain/network';
import { settlesWithin } from '../../../../support/hang-guard';

const ok = (name: DiagnosisStep['name'], detail: string): DiagnosisStep => ({ name, label: name, status: 'ok', ok: true, ms: 5, detail });
const check = (authenticate?: () => Promise<DiagnosisStep[]>) => ({ label: 'Tascomi', ...(authenticate ? { authenticate } : {}) });

describe("the connector's check", () => {
  it('is skipped for a connector without one', async () => {
    expect(await runConnectorCheck(check())).toEqual({
      steps: [expect.objectContaining({ name: 'authenticate', status: 'skipped', detail: 'Not checked: casebridge has no authentication check for Tascomi yet.' })],
    });
  });

  it("keeps the connector's steps, its clock step apart", async () => {
    const outcome = await runConnectorCheck(check(async () => [ok('authenticate', 'keys accepted'), ok('clock', 'clocks agree')]));
    expect(outcome).toEqual({ steps: [ok('authenticate', 'keys accepted')], clock: ok('clock', 'clocks agree') });
  });

  it('says the authentication was not checked when the connector answered only its clock', async () => {
    const outcome = await runConnectorCheck(check(async () => [ok('clock', 'clocks agree')]));
    expect(outcome.steps).toEqual([expect.objectContaining({ name: 'authenticate', status: 'skipped', detail: 'Not checked.' })]);
  });

  it('stops at its first failed step, keeping the ones before it', async () => {
    const refused: DiagnosisStep = { name: 'clock', label: 'clock', status: 'failed', ok: false, ms: 9, detail: 'signed time refused', advice: 'set the clock' };
    const outcome = await runConnectorCheck(check(async () => [ok('authenticate', 'keys accepted'), refused, ok('authenticate', 'never read')]));
    expect(outcome.steps).toEqual([ok('authenticate', 'keys accepted')]);
    expect(outcome.failure).toMatchObject({ step: 'clock', ms: 9, detail: 'signed time refused', advice: 'set the clock' });
  });

  it('a check that throws fails the authentication step, pointing at the Connections page', async () => {
    await expect(runConnectorCheck(check(() => Promise.reject(new Error('socket hang up'))))).rejects.toMatchObject({
      step: 'authenticate',
      detail: 'The authentication check failed: socket hang up',
      advice: 'Test the connection on the Connections page for details.',
    });
  });

  it('a stopped diagnosis does not wait for the connector', async () => {
    const controller = new AbortController();
    const waiting = runConnectorCheck(
      check(() => new Promise(() => {})),
      controller.signal,
    );
    controller.abort();
    await expect(settlesWithin(waiting, "the stopped connector's check")).rejects.toMatchObject({ step: 'authenticate' });
  });
});
