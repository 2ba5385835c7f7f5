/**
 * The Alerts page's settings through the contract, as a console calls them: day-one rules, channels
 * whose secrets never come back, the stored secret's rule (it goes only where it was saved for),
 * rules that name channels, and who may change what.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertChannelView, AlertSettingsView, AlertTestResult } from '../../../../shared/domain/alerts';
import { ALERT_CONDITIONS } from '../../../../shared/domain/alerts';
import { dispatchCall } from '../../../../shared/dispatch';
import { contractCallsOf, startTestEngine, type TestEngine } from '../../../support/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const TEAMS_URL = 'https://council.webhook.office.com/webhookb2/0a1b2c3d-secret-part/IncomingWebhook/99';
const email = (over: Record<string, unknown> = {}) => ({
  kind: 'email',
  name: 'Duty inbox',
  enabled: true,
  host: 'smtp.council.example',
  port: 587,
  security: 'starttls',
  username: 'alerts',
  from: 'casebridge@council.example',
  to: ['it-duty@council.example'],
  ...over,
});

function engine() {
  t = startTestEngine();
  return contractCallsOf(() => t!);
}

describe('alert settings through the contract', () => {
  it('starts with the rules a council wants on day one: every condition on, every connector, every channel', async () => {
    const { value } = engine();
    const view = (await value('getAlertSettings')) as AlertSettingsView;
    expect(view.channels).toEqual([]);
    for (const condition of ALERT_CONDITIONS) expect(view.settings.rules[condition]).toMatchObject({ enabled: true, connectors: [], channels: 'all' });
    expect(view.settings.rules['validation-failures'].threshold).toBe(20);
    expect(view.settings.rules['breaker-open'].threshold).toBe(10);
    expect(view.settings).toMatchObject({ groupingSeconds: 120, quietMinutes: 60, consoleAddress: '' });
  });

  it('keeps a channel secret in the secret store: a view says only that one is set', async () => {
    const { value } = engine();
    const teams = (await value('saveAlertChannel', { channel: { kind: 'teams', name: 'Housing channel', enabled: true }, secret: TEAMS_URL })) as AlertChannelView;
    expect(teams).toMatchObject({ kind: 'teams', name: 'Housing channel', secretSet: true });
    const view = (await value('getAlertSettings')) as AlertSettingsView;
    expect(JSON.stringify(view)).not.toContain('secret-part');
    expect(await t!.engine.secrets.get(`alerts.channel.${teams.id}`)).toBe(TEAMS_URL);
    // Renamed with the secret left blank: the stored URL stays.
    await value('saveAlertChannel', { id: teams.id, channel: { kind: 'teams', name: 'Housing systems', enabled: true } });
    expect(await t!.engine.secrets.get(`alerts.channel.${teams.id}`)).toBe(TEAMS_URL);
  });

  it('refuses what cannot work, on the field that is wrong', async () => {
    const { call } = engine();
    const refused = async (input: unknown) => {
      const result = await call('saveAlertChannel', input);
      expect(result.ok).toBe(false);
      return result.ok ? undefined : result.error;
    };
    expect(await refused({ channel: email({ to: ['not an address'] }), secret: 'pw' })).toMatchObject({ code: 'invalid_input', issues: [expect.objectContaining({ path: 'channel.to.0' })] });
    expect(await refused({ channel: email() })).toMatchObject({ issues: [{ path: 'secret', message: 'enter the password for this user name' }] });
    expect(await refused({ channel: email({ security: 'none' }), secret: 'pw' })).toMatchObject({ issues: [expect.objectContaining({ path: 'security' })] });
    expect(await refused({ channel: { kind: 'teams', name: 'T', enabled: true }, secret: 'http://teams.example/hook' })).toMatchObject({ issues: [expect.objectContaining({ path: 'secret' })] });
    expect(await refused({ channel: { kind: 'webhook', name: 'W', enabled: true, url: 'https://hooks.example/in' }, secret: 'short' })).toMatchObject({ issues: [expect.objectContaining({ path: 'secret' })] });
    expect(await refused({ channel: { kind: 'webhook', name: 'W', enabled: true, url: 'https://user:pw@hooks.example/in' }, secret: 'a-long-signing-secret' })).toMatchObject({
      issues: [expect.objectContaining({ path: 'channel.url' })],
    });
    const view = await call('getAlertSettings');
    expect(view.ok && (view.value as AlertSettingsView).channels).toEqual([]);
  });

  it('sends the stored password only to the relay and user it was saved for', async () => {
    const { value, call } = engine();
    const saved = (await value('saveAlertChannel', { channel: email(), secret: 'relay-password' })) as AlertChannelView;
    const elsewhere = await call('saveAlertChannel', { id: saved.id, channel: email({ host: 'smtp.elsewhere.example' }) });
    expect(elsewhere.ok).toBe(false);
    expect(!elsewhere.ok && elsewhere.error.message).toMatch(/only sent to the saved address smtp:\/\/smtp\.council\.example:587/);
    // The test button is held to the same rule, and says so instead of sending.
    const test = (await value('testAlertChannel', { id: saved.id, channel: email({ port: 2525 }) })) as AlertTestResult;
    expect(test).toMatchObject({ ok: false, errorClass: 'setup' });
    expect(!test.ok && test.reason).toMatch(/type it again/);
    expect(await t!.engine.secrets.get(`alerts.channel.${saved.id}`)).toBe('relay-password');
  });

  it('rules name channels that exist; a deleted channel leaves the rules that named it', async () => {
    const { value, call } = engine();
    const teams = (await value('saveAlertChannel', { channel: { kind: 'teams', name: 'Housing channel', enabled: true }, secret: TEAMS_URL })) as AlertChannelView;
    const { settings } = (await value('getAlertSettings')) as AlertSettingsView;
    const unknown = await call('saveAlertSettings', { ...settings, rules: { ...settings.rules, 'job-dead': { ...settings.rules['job-dead'], channels: ['5b0c9a52-3f1e-4d55-9d7e-111111111111'] } } });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error.issues).toEqual([{ path: 'rules.job-dead.channels', message: 'names a channel that does not exist' }]);
    await value('saveAlertSettings', { ...settings, quietMinutes: 15, rules: { ...settings.rules, 'job-dead': { ...settings.rules['job-dead'], channels: [teams.id] } } });
    const after = (await value('deleteAlertChannel', { id: teams.id })) as AlertSettingsView;
    expect(after.channels).toEqual([]);
    expect(after.settings.rules['job-dead'].channels).toEqual([]);
    expect(after.settings.quietMinutes).toBe(15);
    expect(await t!.engine.secrets.has(`alerts.channel.${teams.id}`)).toBe(false);
  });

  it('a threshold out of its bounds is refused, naming the rule', async () => {
    const { value, call } = engine();
    const { settings } = (await value('getAlertSettings')) as AlertSettingsView;
    const result = await call('saveAlertSettings', { ...settings, rules: { ...settings.rules, 'breaker-open': { ...settings.rules['breaker-open'], threshold: 5000 } } });
    expect(!result.ok && result.error.issues).toEqual([expect.objectContaining({ path: 'rules.breaker-open.threshold', message: 'between 1 and 1440 minutes' })]);
  });

  it('only those who may change connections change alerts; anyone who can view reads them', async () => {
    engine();
    const viewer = { name: 'Vic Viewer', role: 'viewer', source: 'local' } as const;
    const support = { name: 'Sam Support', role: 'support', source: 'local' } as const;
    expect(await dispatchCall(t!.engine.handlers, 'getAlertSettings', {}, viewer)).toMatchObject({ ok: true });
    expect(await dispatchCall(t!.engine.handlers, 'saveAlertChannel', { channel: { kind: 'teams', name: 'T', enabled: true }, secret: TEAMS_URL }, support)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await dispatchCall(t!.engine.handlers, 'testAlertChannel', { channel: { kind: 'teams', name: 'T', enabled: true }, secret: TEAMS_URL }, viewer)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
