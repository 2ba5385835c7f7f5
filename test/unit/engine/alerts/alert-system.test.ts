/**
 * The alerts floor's loop and its stop: it turns what is due into deliveries, writes every alert to
 * the log (a channel or not), and stops at once, in its wait or with a send under way (the send is
 * aborted and its delivery queued again, nothing lost).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertChannel, AlertMessage } from '../../../../shared/domain/alerts';
import type { HealthAlarm } from '../../../../shared/domain/health';
import { createAlertSystem, ALERT_POLL_MS, type AlertSystem } from '../../../../electron/engine/alerts/alert-system';
import type { ChannelSender } from '../../../../electron/engine/alerts/channel-send';
import { createEventHub } from '../../../../electron/engine/events';
import { createFileSecretStore, ownerOnlyFileCipher } from '../../../../electron/engine/secrets';
import { openStore, type Store } from '../../../../electron/engine/store/open-store';
import { createSettingsRepo } from '../../../../electron/engine/store/settings-repo';
import type { LogBus } from '../../../../electron/engine/log/log-bus';
import { manualClock, type ManualClock } from '../../../support/manual-clock';
import { fakeClock } from '../../../support/fake-clock';
import { testDataDirs } from '../../../support/host-process';
import { memoryLog } from './delivery-helpers';

const dirs = testDataDirs();
let store: Store | undefined;
let system: AlertSystem | undefined;
afterEach(async () => {
  await system?.stop();
  store?.close();
  system = store = undefined;
  dirs.removeAll();
});

const DISK_LOW: HealthAlarm = { id: 'disk-space-low', level: 'warning', message: 'Only 90 MB free on /home/jsmith/casebridge', since: '2026-06-15T08:59:00Z' };

function rig(clock: ManualClock | ReturnType<typeof fakeClock>, sender: ChannelSender) {
  const dir = dirs.make();
  store = openStore(join(dir, 'casebridge.sqlite'));
  const log = memoryLog();
  let alarms: HealthAlarm[] = [];
  system = createAlertSystem({
    store,
    settings: createSettingsRepo(store.db),
    secrets: createFileSecretStore(join(dir, 'secrets.json'), ownerOnlyFileCipher),
    clock,
    log: log as unknown as LogBus,
    events: createEventHub(),
    sender,
    sources: {
      breaker: () => ({ state: 'closed' }),
      queued: () => 0,
      sync: () => ({ enabled: false }),
      intake: async () => ({ enabled: false, status: { listening: false } }),
      alarms: () => alarms,
    },
  });
  return { system, log, raise: (a: HealthAlarm[]) => (alarms = a) };
}

/** A sender that keeps what it is given and holds each send until the test settles it (or its signal aborts). */
function heldSender() {
  const sends: { channel: AlertChannel; message: AlertMessage; signal: AbortSignal; settle(): void }[] = [];
  let heard: (() => void) | undefined;
  const sender: ChannelSender = {
    send: (channel, _secret, message, signal) =>
      new Promise((resolve, reject) => {
        const settle = () => resolve({ detail: 'Teams answered 200' });
        signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), { once: true });
        sends.push({ channel, message, signal, settle });
        heard?.();
      }),
  };
  const next = () => new Promise<void>((resolve) => (heard = resolve));
  return { sender, sends, next };
}

const TEAMS_URL = 'https://council.webhook.office.com/webhookb2/abc/IncomingWebhook/1';

describe('the alert loop', () => {
  it('stops at once while it waits between checks', async () => {
    const clock = manualClock();
    const { system } = rig(clock, heldSender().sender);
    system.start();
    await clock.sleeping(ALERT_POLL_MS);
    await system.stop();
    expect(clock.waiting()).not.toContain(ALERT_POLL_MS);
  });

  it('queues a delivery for each channel when a condition starts, and stops at once with the send under way: the send is aborted, the delivery waits to be sent again', async () => {
    const clock = manualClock();
    const held = heldSender();
    const { system, raise, log } = rig(clock, held.sender);
    await system.settings.saveChannel({ channel: { kind: 'teams', name: 'Housing channel', enabled: true }, secret: TEAMS_URL });
    raise([DISK_LOW]);
    const sending = held.next();
    system.start();
    await sending;
    expect(held.sends[0]!.message).toMatchObject({ condition: 'disk-low', kind: 'alert', title: "casebridge: the data folder's disk is nearly full" });
    expect(JSON.stringify(held.sends[0]!.message)).not.toContain('jsmith');
    expect(log.messages()).toContain(`Alert: casebridge: the data folder's disk is nearly full; sent to "Housing channel".`);

    await system.stop();
    expect(held.sends[0]!.signal.aborted).toBe(true);
    const [delivery] = system.deliveries.list({ limit: 10 });
    expect(delivery).toMatchObject({ state: 'queued', channelName: 'Housing channel', lastErrorClass: 'interrupted' });
  });

  it('writes an alert to the log even when no channel takes it', async () => {
    const clock = fakeClock('2026-06-15T09:00:00Z');
    const { system, raise, log } = rig(clock, heldSender().sender);
    raise([DISK_LOW]);
    await system.runOnce();
    expect(log.entries.filter((e) => e.source === 'alerts')).toEqual([
      expect.objectContaining({ level: 'warn', message: `Alert: casebridge: the data folder's disk is nearly full; sent to no channel (none is set up and switched on for it).` }),
    ]);
    expect(system.deliveries.list({ limit: 10 })).toEqual([]);
  });

  it('sends a channel switched off nothing, and a rule naming one channel only to it', async () => {
    const clock = fakeClock('2026-06-15T09:00:00Z');
    const held = heldSender();
    const { system, raise } = rig(clock, held.sender);
    const on = await system.settings.saveChannel({ channel: { kind: 'teams', name: 'Housing', enabled: true }, secret: TEAMS_URL });
    await system.settings.saveChannel({ channel: { kind: 'teams', name: 'Off', enabled: false }, secret: TEAMS_URL });
    const other = await system.settings.saveChannel({
      channel: { kind: 'webhook', name: 'Paging', enabled: true, url: 'https://paging.example/in' },
      secret: 'a-long-signing-secret',
    });
    const settings = system.settings.settings();
    system.settings.saveSettings({ ...settings, rules: { ...settings.rules, 'disk-low': { ...settings.rules['disk-low'], channels: [other.id] } } });
    raise([DISK_LOW]);
    await system.runOnce();
    expect(system.deliveries.list({ limit: 10 }).map((d) => d.channelName)).toEqual(['Paging']);
    expect(on.enabled).toBe(true);
  });
});
