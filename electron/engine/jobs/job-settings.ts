/**
 * Each connector's queue settings (concurrency, attempts, backoff) and whether a person paused it.
 * Stored in the engine's settings so both hosts and a restart see the same; a stored value that no
 * longer parses falls back to the defaults and the log says so.
 */
import { DEFAULT_JOB_SETTINGS, JobSettingsSchema, type ConnectorId, type JobSettings } from '../../../shared/domain/job';
import type { NewLogEntry } from '../../../shared/domain/log-entry';
import { CallRefusedError, issuesOf } from '../../../shared/dispatch';
import type { Clock } from '../clock';
import type { SettingsRepo } from '../store/settings-repo';
import type { QueuePolicy } from './queue';

export interface JobSettingsService {
  get(connector: ConnectorId): JobSettings;
  /** Validates and stores; `onChange` hears the new settings. */
  save(connector: ConnectorId, input: unknown): JobSettings;
  policy(connector: string): QueuePolicy;
  isPaused(connector: ConnectorId): boolean;
  setPaused(connector: ConnectorId, paused: boolean): void;
}

const settingsKey = (connector: string) => `jobs.settings.${connector}`;
const pausedKey = (connector: string) => `jobs.paused.${connector}`;

export function createJobSettings(deps: {
  settings: SettingsRepo;
  clock: Clock;
  log: { write(entry: NewLogEntry): unknown };
  onChange?: (connector: ConnectorId, settings: JobSettings) => void;
}): JobSettingsService {
  const now = () => deps.clock.now().toISO()!;
  const warned = new Set<string>();
  // The queue asks for a connector's policy on every enqueue and failure: read once per save.
  const policies = new Map<string, QueuePolicy>();

  const get = (connector: string): JobSettings => {
    const stored = deps.settings.get(settingsKey(connector));
    if (stored === undefined) return { ...DEFAULT_JOB_SETTINGS };
    const parsed = JobSettingsSchema.safeParse(stored);
    if (parsed.success) return parsed.data;
    if (!warned.has(connector)) {
      warned.add(connector);
      deps.log.write({
        level: 'warn',
        source: 'jobs',
        message: `The stored queue settings for ${connector} are not valid (${issuesOf(parsed.error)
          .map((i) => i.path)
          .join(', ')}); the defaults are used until they are saved again.`,
      });
    }
    return { ...DEFAULT_JOB_SETTINGS };
  };

  return {
    get,
    save(connector, input) {
      const parsed = JobSettingsSchema.safeParse(input);
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        throw new CallRefusedError(`The queue settings are not valid: ${issues.map((i) => `${i.path || 'input'} ${i.message}`).join('; ')}.`, 'invalid_input', issues);
      }
      deps.settings.set(settingsKey(connector), parsed.data, now());
      warned.delete(connector);
      policies.delete(connector);
      const s = parsed.data;
      deps.log.write({
        level: 'info',
        source: 'jobs',
        message: `Queue settings for ${connector} saved: ${s.concurrency} at once, ${s.maxAttempts} attempts, backoff from ${s.backoffBaseSeconds} s up to ${s.backoffCapSeconds} s.`,
      });
      deps.onChange?.(connector, parsed.data);
      return parsed.data;
    },
    policy(connector) {
      let policy = policies.get(connector);
      if (!policy) {
        const s = get(connector);
        policy = { maxAttempts: s.maxAttempts, backoff: { baseMs: s.backoffBaseSeconds * 1000, capMs: s.backoffCapSeconds * 1000, maxRetryAfterMs: 60 * 60_000 } };
        policies.set(connector, policy);
      }
      return policy;
    },
    isPaused: (connector) => deps.settings.get(pausedKey(connector)) === true,
    setPaused(connector, paused) {
      deps.settings.set(pausedKey(connector), paused, now());
    },
  };
}
