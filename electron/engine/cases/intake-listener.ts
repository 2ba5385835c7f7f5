/**
 * The webhook listener's life: started from the saved intake settings when the engine starts,
 * restarted when they are saved, closed with the engine. The shared secret lives in the secret store.
 * Cases from the webhook are stored through one group commit (intake-batch.ts), flushed on close.
 */
import {
  DEFAULT_INTAKE_SETTINGS,
  IntakeSettingsSchema,
  type IntakeSettings,
  type IntakeSettingsInput,
  type IntakeSettingsView,
  type IntakeStatus,
} from '../../../shared/domain/intake';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import { isLoopbackHost } from '../../../shared/loopback';
import type { Clock } from '../clock';
import type { SecretStore } from '../secrets';
import type { SettingsRepo } from '../store/settings-repo';
import type { Intake } from './intake';
import { createIntakeBatcher } from './intake-batch';
import { startWebhookListener, type WebhookListener, type WebhookOptions } from './webhook';

const SETTINGS_KEY = 'intake.settings';
export const WEBHOOK_SECRET = 'webhook.secret';

export interface IntakeListener {
  get(): Promise<IntakeSettingsView>;
  save(input: IntakeSettingsInput): Promise<IntakeSettingsView>;
  /** The saved settings (without the secret or the status). */
  saved(): IntakeSettings;
  /** Writes settings (already checked) in the caller's transaction; start() then listens by them. */
  stage(settings: IntakeSettings): void;
  /** Starts listening when the saved settings say so (engine start). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The secret, read from the secret store once per listener, not per request (a read opens the
 * secrets file and may decrypt it): saving a new secret restarts the listener. Until one is set,
 * or after a failed read, it is read again.
 */
function readSecretOnce(read: () => Promise<string | undefined>): () => Promise<string | undefined> {
  let secret: Promise<string | undefined> | undefined;
  return () =>
    (secret ??= read().then(
      (value) => {
        if (value === undefined) secret = undefined;
        return value;
      },
      (error: unknown) => {
        secret = undefined;
        throw error;
      },
    ));
}

export function createIntakeListener(deps: {
  settings: SettingsRepo;
  secrets: SecretStore;
  intake: Pick<Intake, 'receiveMany' | 'syncToDisk'>;
  clock: Clock;
  log: { write(entry: NewLogEntry): unknown };
  /** Why cases cannot be stored now (see WebhookOptions.unavailable). */
  unavailable?: () => string | undefined;
  /** Erases a case at the CRM's signed DELETE (see WebhookOptions.erase). */
  erase?: WebhookOptions['erase'];
  /** The engine's monitoring (see WebhookOptions.monitoring). */
  monitoring?: WebhookOptions['monitoring'];
}): IntakeListener {
  const batcher = createIntakeBatcher({
    commit: (inputs) => deps.intake.receiveMany(inputs, { syncLater: true, from: { source: 'webhook', description: 'the webhook' } }),
    syncToDisk: () => deps.intake.syncToDisk(),
  });
  let listener: WebhookListener | undefined;
  let status: IntakeStatus = { listening: false };
  /** The latest (re)start; readers wait for it so the status they see is settled. */
  let settled: Promise<void> = Promise.resolve();

  const stored = (): IntakeSettings => {
    const parsed = IntakeSettingsSchema.safeParse(deps.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.data : { ...DEFAULT_INTAKE_SETTINGS };
  };
  const view = async (): Promise<IntakeSettingsView> => {
    await settled;
    return { ...stored(), secretSet: await deps.secrets.has(WEBHOOK_SECRET), status };
  };

  const stop = async () => {
    const running = listener;
    listener = undefined;
    status = { listening: false };
    await running?.close();
  };
  const restart = async () => {
    await stop();
    const settings = stored();
    if (!settings.enabled) return;
    try {
      listener = await startWebhookListener({
        host: settings.host,
        port: settings.port,
        getSecret: readSecretOnce(() => deps.secrets.get(WEBHOOK_SECRET)),
        clock: deps.clock,
        toleranceSeconds: settings.toleranceSeconds,
        receive: (input) => batcher.receive(input),
        unavailable: deps.unavailable,
        ...(deps.erase ? { erase: deps.erase } : {}),
        ...(deps.monitoring ? { monitoring: deps.monitoring } : {}),
        log: deps.log,
      });
      status = {
        listening: true,
        url: listener.url,
        ...((await deps.secrets.has(WEBHOOK_SECRET)) ? {} : { problem: 'No shared secret is set: the listener answers 503 until one is.' }),
      };
      deps.log.write({
        level: isLoopbackHost(settings.host) ? 'info' : 'warn',
        source: 'webhook',
        message: `Case intake listening at ${listener.url}${isLoopbackHost(settings.host) ? '' : ' (reachable from the network)'}.`,
      });
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
          ? `port ${settings.port} is already in use on ${settings.host}`
          : error instanceof Error
            ? error.message
            : String(error);
      status = { listening: false, problem: `The case intake could not start: ${reason}.` };
      deps.log.write({ level: 'error', source: 'webhook', message: status.problem! });
    }
  };

  const start = () => {
    settled = settled.then(restart).catch((error: unknown) => {
      status = { listening: false, problem: `The case intake could not restart: ${error instanceof Error ? error.message : String(error)}.` };
    });
    return settled;
  };

  return {
    get: view,
    async save(input) {
      const { secret, ...rest } = input;
      const next = IntakeSettingsSchema.parse(rest);
      if (secret) await deps.secrets.set(WEBHOOK_SECRET, secret);
      deps.settings.set(SETTINGS_KEY, next, deps.clock.now().toISO()!);
      await start();
      return view();
    },
    saved: stored,
    stage: (settings) => deps.settings.set(SETTINGS_KEY, settings, deps.clock.now().toISO()!),
    start,
    async close() {
      await settled;
      await stop();
      await batcher.close();
    },
  };
}
