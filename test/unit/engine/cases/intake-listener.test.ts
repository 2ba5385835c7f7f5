/**
 * The case intake as an IT officer sets it up: enabled with a shared secret, the engine listens on
 * loopback, a signed case from the CRM is stored and queued, and the settings survive a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import flyTipping from '../../../../resources/sample-cases/fly-tipping.json';
import { crmHeaders } from '../../../support/crm';
import { startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine;
afterEach(async () => t?.dispose());

const SECRET = 'a-shared-secret-for-the-crm-0001';

async function post(url: string, body: string, headers: Record<string, string>) {
  const answer = await fetch(url, { method: 'POST', headers, body });
  return { status: answer.status, body: await answer.json().catch(() => null) };
}
const INTAKE = { enabled: true, host: '127.0.0.1', port: 0, toleranceSeconds: 300, secret: SECRET };

describe('the case intake listener', () => {
  it('is off until enabled, then listens on loopback and stores signed cases', async () => {
    t = startTestEngine();
    expect(await t.engine.handlers.getIntakeSettings({})).toEqual({
      enabled: false,
      host: '127.0.0.1',
      port: 8710,
      toleranceSeconds: 300,
      secretSet: false,
      status: { listening: false },
    });

    const view = await t.engine.handlers.saveIntakeSettings(INTAKE);
    expect(view).toMatchObject({ enabled: true, secretSet: true, status: { listening: true, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/cases$/) } });
    expect(JSON.stringify(view)).not.toContain(SECRET);

    const body = JSON.stringify({ ...flyTipping, updatedAt: '2026-03-29T00:25:00Z' });
    const headers = crmHeaders(SECRET, body, t.clock.millis());
    expect((await post(view.status.url!, body, { ...headers, 'X-Casebridge-Signature': 'sha256=' + '0'.repeat(64) })).status).toBe(401);
    expect(await post(view.status.url!, body, headers)).toEqual({ status: 202, body: { id: flyTipping.id, event: 'created' } });
    expect((await t.engine.handlers.listRecentCases({ limit: 1 }))[0]!.id).toBe(flyTipping.id);
    // The case's own log says where it came from (written in its commit).
    expect(t.engine.log.byCase(flyTipping.id, 10).map((e) => [e.source, e.message])).toContainEqual(['webhook', 'Case created from the webhook.']);
  });

  it('says why it cannot listen when the port is taken, and starts again with the engine', async () => {
    t = startTestEngine();
    const first = await t.engine.handlers.saveIntakeSettings(INTAKE);
    const port = Number(new URL(first.status.url!).port);
    // A second engine on another data folder wants the same port.
    const other = startTestEngine();
    try {
      const clash = await other.engine.handlers.saveIntakeSettings({ ...INTAKE, port });
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

  it('refuses a short secret, an address that is not one and a tolerance out of bounds, naming the field', async () => {
    t = startTestEngine();
    const { dispatchCall } = await import('../../../../shared/dispatch');
    expect(
      await dispatchCall(t.engine.handlers, 'saveIntakeSettings', { enabled: true, host: 'crm.example', port: 8710, toleranceSeconds: 5, secret: 'short' }, t.engine.localCaller),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'host' }, { path: 'toleranceSeconds', message: expect.stringContaining('at least 30 seconds') }, { path: 'secret' }] },
    });
    expect(await dispatchCall(t.engine.handlers, 'saveIntakeSettings', { ...INTAKE, toleranceSeconds: 7200 }, t.engine.localCaller)).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'toleranceSeconds', message: expect.stringContaining('at most an hour') }] },
    });
  });

  it('checks timestamps against the tolerance saved, and reads settings saved before it existed as 300 s', async () => {
    t = startTestEngine();
    const view = await t.engine.handlers.saveIntakeSettings({ ...INTAKE, toleranceSeconds: 60 });
    expect(view.toleranceSeconds).toBe(60);
    const body = JSON.stringify({ ...flyTipping, updatedAt: '2026-03-29T00:25:00Z' });
    const late = await post(view.status.url!, body, crmHeaders(SECRET, body, t.clock.millis() - 90_000));
    expect(late).toMatchObject({ status: 401, body: { message: expect.stringContaining("is 90 s behind this machine's clock; the tolerance is 60 s") } });

    // Settings as an older casebridge saved them (no tolerance): still enabled, with the default.
    await t.engine.close();
    const { default: Database } = await import('better-sqlite3');
    const { join } = await import('node:path');
    const db = new Database(join(t.dataDir, 'casebridge.sqlite'));
    db.prepare("update settings set value = ? where key = 'intake.settings'").run(JSON.stringify({ enabled: true, host: '127.0.0.1', port: 0 }));
    db.close();
    t = startTestEngine({ dataDir: t.dataDir });
    expect(await t.engine.handlers.getIntakeSettings({})).toMatchObject({ enabled: true, toleranceSeconds: 300, status: { listening: true } });
  });
});
