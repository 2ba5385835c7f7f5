/**
 * The alerts floor: assembles the saved rules and channels, the watch over the engine's states, the
 * grouping, the durable deliveries and their worker, and runs the loop that turns what is due into
 * deliveries. "Send test alert" sends at once, outside the queue, so the button answers with what
 * the far side said.
 *
 * Decisions:
 * - Every alert is also written to the log (source `alerts`), whether or not a channel takes it:
 *   with no channel set up, the log and the desktop still have it.
 * - One delivery per message and channel, queued in one commit; the worker retries each on its own,
 *   so a refusing relay does not hold back Teams.
 * - The loop looks every 15 s, sooner when a grouping window or quiet period ends.
 */
import { hostname } from 'node:os';
import type { AlertChannel, AlertDeliveryView, AlertMessage, AlertSettings, AlertTestResult } from '../../../shared/domain/alerts';
import { channelDraftProblem } from '../../../shared/domain/alerts';
import type { JobView } from '../../../shared/domain/job';
import { CallRefusedError } from '../../../shared/dispatch';
import type { Clock } from '../clock';
import type { EventHub } from '../events';
import type { LogBus } from '../log/log-bus';
import { createLoopControl, type LoopControl } from '../loop-control';
import type { SecretStore } from '../secrets';
import type { Store } from '../store/open-store';
import type { SettingsRepo } from '../store/settings-repo';
import { createAlertGrouping, type Outgoing } from './alert-grouping';
import { alertMessage, testMessage, type MessageContext } from './alert-messages';
import { createAlertSettingsStore, type AlertSettingsStore, type ChannelSaveInput } from './alert-settings';
import { createAlertWatch, type AlertSources } from './alert-watch';
import { createChannelSender, type ChannelSender } from './channel-send';
import { createAlertDeliveryQueue, deliveryView, type AlertDeliveryQueue } from './delivery-queue';
import { createDeliveryWorker } from './delivery-worker';
import { AlertSendError, channelSwitchedOff, classifySendFailure, setupFailure } from './send-failure';

/** How often the states are read when nothing is due sooner. */
export const ALERT_POLL_MS = 15_000;

export interface AlertSystem {
  settings: AlertSettingsStore;
  deliveries: AlertDeliveryQueue;
  /** Sends a test alert through the channel as the form stands, now. */
  test(input: ChannelSaveInput): Promise<AlertTestResult>;
  /** Deletes a channel; its waiting deliveries are cancelled by `who`. */
  deleteChannel(id: string, who: string): Promise<void>;
  retry(id: number, who: string): AlertDeliveryView;
  view(id: number): AlertDeliveryView | undefined;
  start(): void;
  stop(): Promise<void>;
  /** One turn of the loop now: read the states, queue what is due (tests on a fake clock). */
  runOnce(): Promise<void>;
  /** Sends every delivery that is due now (tests on a fake clock). */
  deliverDue(): Promise<void>;
}

export interface AlertSystemDeps {
  store: Store;
  settings: SettingsRepo;
  secrets: SecretStore;
  clock: Clock;
  log: LogBus;
  events: Pick<EventHub, 'on' | 'emit'>;
  sources: AlertSources;
  /** Certificates to trust besides the system's, for the relay and webhooks (tests; a council sets NODE_EXTRA_CA_CERTS). */
  ca?: string | string[];
  /** The channels' sender (tests may give one that records). */
  sender?: ChannelSender;
}

export function createAlertSystem(deps: AlertSystemDeps): AlertSystem {
  const { clock, log } = deps;
  const store = createAlertSettingsStore({ settings: deps.settings, secrets: deps.secrets, clock, log });
  const grouping = createAlertGrouping();
  const watch = createAlertWatch({ grouping, sources: deps.sources, settings: () => store.settings() });
  const sender = deps.sender ?? createChannelSender({ clock, ...(deps.ca ? { ca: deps.ca } : {}) });
  const queue = createAlertDeliveryQueue({ store: deps.store, clock, onChange: (d) => deps.events.emit('alertDeliveryChanged', deliveryView(d, clock.zone)) });
  const context = (settings: AlertSettings): MessageContext => ({ zone: clock.zone, source: hostname(), consoleAddress: settings.consoleAddress });

  async function send(channelId: string, message: AlertMessage, signal: AbortSignal): Promise<{ detail: string }> {
    const channel = store.channel(channelId);
    if (!channel) throw setupFailure('The channel was deleted after this alert was queued; nothing was sent.');
    if (!channel.enabled) throw channelSwitchedOff(channel);
    return sender.send(channel, await store.secretOf(channel.id), message, signal);
  }
  const worker = createDeliveryWorker({ queue, clock, send, log });

  /** The channels a message goes to: the rule's, switched on. */
  function channelsFor(message: AlertMessage, settings: AlertSettings): AlertChannel[] {
    if (message.condition === 'test') return [];
    const wanted = settings.rules[message.condition].channels;
    return store.channels().filter((c) => c.enabled && (wanted === 'all' || wanted.includes(c.id)));
  }

  function hand(outgoing: Outgoing, settings: AlertSettings): void {
    const message = alertMessage(outgoing, context(settings));
    const channels = channelsFor(message, settings);
    const to = channels.length > 0 ? `to ${channels.map((c) => `"${c.name}"`).join(', ')}` : 'to no channel (none is set up and switched on for it)';
    log.write({ level: message.kind === 'recovery' ? 'info' : 'warn', source: 'alerts', message: `Alert: ${message.title}; sent ${to}.` });
    if (channels.length > 0) queue.enqueue(channels.map((c) => ({ channelId: c.id, channelName: c.name, message })));
  }

  async function runOnce(): Promise<void> {
    const settings = store.settings();
    const times = { groupingMs: settings.groupingSeconds * 1000, quietMs: settings.quietMinutes * 60_000 };
    await watch.poll(clock.millis(), settings);
    const due = grouping.due(clock.millis(), times);
    for (const outgoing of due) hand(outgoing, settings);
    if (due.length > 0) worker.wake();
  }

  let control: LoopControl | undefined;
  let loop: Promise<void> | undefined;
  // Heard from the start (not only while the loop runs), so a turn run by hand sees them too.
  const unsubscribe = deps.events.on('jobChanged', (job: JobView) => watch.jobChanged(job, clock.millis()));

  return {
    settings: store,
    deliveries: queue,
    async test(input) {
      const started = clock.millis();
      let secret: string | undefined;
      try {
        secret = await store.secretForTest(input);
      } catch (error) {
        if (error instanceof CallRefusedError) return { ok: false, errorClass: 'setup', reason: error.message };
        throw error;
      }
      const problem = channelDraftProblem(input.channel, secret !== undefined);
      if (problem) return { ok: false, errorClass: 'setup', reason: `Not sent: ${problem.message}.` };
      const channel: AlertChannel = { ...input.channel, id: input.id ?? 'unsaved' };
      const stopping = control?.signal ?? new AbortController().signal;
      try {
        const { detail } = await sender.send(channel, secret, testMessage(started, context(store.settings()), channel.name), stopping);
        log.write({ level: 'info', source: 'alerts', message: `Test alert sent through "${channel.name}": ${detail}.` });
        return { ok: true, ms: Math.max(0, clock.millis() - started), detail };
      } catch (error) {
        const failure = error instanceof AlertSendError ? error : classifySendFailure(error, channel);
        log.write({ level: 'warn', source: 'alerts', message: `Test alert through "${channel.name}" was not sent: ${failure.message}`, errorClass: failure.errorClass });
        return { ok: false, errorClass: failure.errorClass, reason: failure.message };
      }
    },
    async deleteChannel(id, who) {
      const name = await store.deleteChannel(id);
      if (name === undefined) throw new CallRefusedError(`There is no alert channel ${id}; it may have been deleted in another console.`, 'invalid_input', [{ path: 'id', message: 'no such channel' }]);
      queue.cancelForChannel(id, who);
    },
    retry(id, who) {
      const retried = queue.retryNow(id, who);
      if (!retried) {
        const current = queue.get(id);
        throw new CallRefusedError(
          current ? `The alert delivery ${id} is ${current.state}: only a dead or cancelled one can be sent again.` : `There is no alert delivery ${id}.`,
          'invalid_input',
          [{ path: 'id', message: current ? `it is ${current.state}` : 'no such delivery' }],
        );
      }
      worker.wake();
      return deliveryView(retried, clock.zone);
    },
    view: (id) => {
      const found = queue.get(id);
      return found ? deliveryView(found, clock.zone) : undefined;
    },
    start() {
      if (loop) return;
      worker.start();
      const current = (control = createLoopControl(clock));
      loop = (async () => {
        while (!current.stopped) {
          try {
            await runOnce();
          } catch (error) {
            log.write({ level: 'error', source: 'alerts', message: `The alert check failed and runs again shortly: ${error instanceof Error ? error.message : String(error)}` });
          }
          const settings = store.settings();
          const next = grouping.nextDueAt({ groupingMs: settings.groupingSeconds * 1000, quietMs: settings.quietMinutes * 60_000 });
          await current.wait(Math.max(0, Math.min(ALERT_POLL_MS, (next ?? Infinity) - clock.millis())));
        }
      })();
    },
    async stop() {
      unsubscribe();
      control?.stop();
      await Promise.all([loop, worker.stop()]);
      loop = undefined;
    },
    runOnce,
    deliverDue: () => worker.runUntilIdle(),
  };
}
