/**
 * The case intake as an IT officer sets it up: enabled with a shared secret, the engine listens on
 * loopback, a signed case from the CRM is stored and queued, and the settings survive a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signBody, SIGNATURE_HEADER } from '../../../electron/engine/cases/webhook';
import flyTipping from '../../../resources/sample-cases/fly-tipping.json';
import { startTestEngine, type TestEngine } from '../../support/engine';

let t: TestEngine;
afterEach(async () => t?.dispose());

const SECRET = 'a-shared-secret-for-the-crm-0001';

async function post(url: string, body: string, signature?: string) {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) }, body });
  return { status: answer.status, body: await answer.json().catch(() => null) };
}

describe('the case intake listener', () => {
  it('is off until enabled, then listens on loopback and stores signed cases', async () => {
    t = startTestEngine();
    expect(await t.engine.handlers.getIntakeSettings({})).toEqual({ enabled: false, host: '127.0.0.1', port: 8710, secretSet: false, status: { listening: false } });

    const view = await t.engine.handlers.saveIntakeSettings({ enabled: true, host: '127.0.0.1', port: 0, secret: SECRET });
    expect(view).toMatchObject({ enabled: true, secretSet: true, status: { listening: true, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/cases$/) } });
    expect(JSON.stringify(view)).not.toContain(SECRET);

    const body = JSON.stringify(flyTipping);
    expect((await post(view.status.url!, body, 'sha256=' + '0'.repeat(64))).status).toBe(401);
    expect(await post(view.status.url!, body, signBody(SECRET, body))).toEqual({ status: 202, body: { id: flyTipping.id, event: 'created' } });
    expect((await t.engine.handlers.listRecentCases({ limit: 1 }))[0]!.id).toBe(flyTipping.id);
  });

  it('says why it cannot listen when the port is taken, and starts again with the engine', async () => {
    t = startTestEngine();
    const first = await t.engine.handlers.saveIntakeSettings({ enabled: true, host: '127.0.0.1', port: 0, secret: SECRET });
    const port = Number(new URL(first.status.url!).port);
    // A second engine on another data folder wants the same port.
    const other = startTestEngine();
    try {
      const clash = await other.engine.handlers.saveIntakeSettings({ enabled: true, host: '127.0.0.1', port, secret: SECRET });
      expect(clash.status).toEqual({ listening: false, problem: `The case intake could not start: port ${port} is already in use on 127.0.0.1.` });
    } finally {
      await other.dispose();
    }
    await t.engine.close();
    t = startTestEngine({ dataDir: t.dataDir });
    // The listener starts in the background at engine start; reading the settings waits for it.
    const again = await t.engine.handlers.getIntakeSettings({});
    expect(again).toMatchObject({ enabled: true, port: 0, secretSet: true, status: { listening: true } });
  });

  it('refuses a short secret and an address that is not one, naming the field', async () => {
    t = startTestEngine();
    const { dispatchCall } = await import('../../../shared/dispatch');
    expect(await dispatchCall(t.engine.handlers, 'saveIntakeSettings', { enabled: true, host: 'crm.example', port: 8710, secret: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'host' }, { path: 'secret' }] },
    });
  });
});
