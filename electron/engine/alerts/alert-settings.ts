/**
 * The alert rules and channels as saved, and each channel's secret (the SMTP password, the Teams
 * incoming-webhook URL, the webhook's signing secret) in the secret store, never in the settings.
 *
 * Decisions:
 * - Rules and channels are settings (JSON, validated on every read): a value a newer or damaged
 *   file left that does not pass is read as the day-one defaults (rules) or skipped (a channel),
 *   and the log says so once, naming it; nothing is thrown at a reader.
 * - A stored secret goes only where it was saved for (connectors/stored-secret.ts's rule): the
 *   SMTP password to the saved relay, port and user name; the signing secret to the saved URL. A
 *   form that names another place with the secret left blank is refused on the secret's field. The
 *   Teams URL is itself the secret and the place, so it needs no such rule.
 * - A rule naming a channel that does not exist is refused on save (which rule, which channel); a
 *   deleted channel is taken out of the rules that named it, so they never point nowhere.
 */
import { randomUUID } from 'node:crypto';
import {
  AlertChannelDraftSchema,
  AlertSettingsSchema,
  ALERT_CONDITIONS,
  ALERT_CONDITION_INFO,
  ALERT_CHANNEL_SECRET_LABELS,
  channelDraftProblem,
  DEFAULT_ALERT_SETTINGS,
  type AlertChannel,
  type AlertChannelDraft,
  type AlertChannelView,
  type AlertSettings,
} from '../../../shared/domain/alerts';
import { storedSecretRefusal, type SecretBinding, type StoredSecretKind } from '../../../shared/domain/stored-secret';
import { CallRefusedError } from '../../../shared/dispatch';
import type { Clock } from '../clock';
import type { SecretStore } from '../secrets';
import type { SettingsRepo } from '../store/settings-repo';
import type { LogBus } from '../log/log-bus';

const SETTINGS_KEY = 'alerts.settings';
const CHANNELS_KEY = 'alerts.channels';
const secretName = (id: string) => `alerts.channel.${id}`;

export interface ChannelSaveInput {
  id?: string;
  channel: AlertChannelDraft;
  secret?: string;
}

export interface AlertSettingsStore {
  settings(): AlertSettings;
  saveSettings(settings: AlertSettings): AlertSettings;
  channels(): AlertChannel[];
  channel(id: string): AlertChannel | undefined;
  views(): Promise<AlertChannelView[]>;
  saveChannel(input: ChannelSaveInput): Promise<AlertChannelView>;
  /** Deletes the channel and its secret; answers its name (undefined when there was none). */
  deleteChannel(id: string): Promise<string | undefined>;
  /** The saved channel's secret, for a delivery. */
  secretOf(id: string): Promise<string | undefined>;
  /** The secret a test of the form as it stands may use: the typed one, or the stored one when the form still names its place. */
  secretForTest(input: ChannelSaveInput): Promise<string | undefined>;
}

/** Where a channel's stored secret may go, and how its form names the secret. */
function bindingOf(channel: AlertChannelDraft): { kind: StoredSecretKind; binding: SecretBinding } | undefined {
  if (channel.kind === 'email') {
    return {
      kind: { field: 'secret', secret: 'password', user: 'user name', relation: 'as' },
      binding: { baseUrl: `smtp://${channel.host}:${channel.port}`, user: channel.username },
    };
  }
  if (channel.kind === 'webhook') return { kind: { field: 'secret', secret: 'signing secret', user: 'user', relation: 'with' }, binding: { baseUrl: channel.url, user: '' } };
  return undefined;
}

const refuse = (path: string, message: string) => new CallRefusedError(`The alert channel was not saved: ${message}.`, 'invalid_input', [{ path, message }]);

export function createAlertSettingsStore(deps: { settings: SettingsRepo; secrets: SecretStore; clock: Clock; log: Pick<LogBus, 'write'> }): AlertSettingsStore {
  const { secrets } = deps;
  const warned = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    deps.log.write({ level: 'warn', source: 'alerts', message });
  };

  function settings(): AlertSettings {
    const raw = deps.settings.get(SETTINGS_KEY);
    if (raw === undefined) return DEFAULT_ALERT_SETTINGS;
    const parsed = AlertSettingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    warnOnce(SETTINGS_KEY, `The saved alert rules could not be read (${parsed.error.issues[0]?.message ?? 'not valid'}); the day-one rules are used until they are saved again.`);
    return DEFAULT_ALERT_SETTINGS;
  }

  function channels(): AlertChannel[] {
    const raw = deps.settings.get(CHANNELS_KEY);
    if (!Array.isArray(raw)) return [];
    const kept: AlertChannel[] = [];
    for (const [index, entry] of raw.entries()) {
      const id = typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : undefined;
      const { id: _id, ...draft } = (entry ?? {}) as Record<string, unknown>;
      const parsed = AlertChannelDraftSchema.safeParse(draft);
      if (id && parsed.success) kept.push({ ...parsed.data, id });
      else warnOnce(`${CHANNELS_KEY}.${index}`, `Alert channel ${index + 1} in the saved settings could not be read and is left out; add it again on the Alerts page.`);
    }
    return kept;
  }

  const writeChannels = (list: AlertChannel[]) => deps.settings.set(CHANNELS_KEY, list, deps.clock.now().toISO()!);
  const view = async (channel: AlertChannel): Promise<AlertChannelView> => ({ ...channel, secretSet: await secrets.has(secretName(channel.id)) });

  /** The secret the form may use: typed, or stored when the form names the saved place; refused otherwise. */
  async function usableSecret(input: ChannelSaveInput, saved: AlertChannel | undefined): Promise<string | undefined> {
    if (input.secret) return input.secret;
    if (!saved || saved.kind !== input.channel.kind || !(await secrets.has(secretName(saved.id)))) return undefined;
    const now = bindingOf(input.channel);
    const then = bindingOf(saved);
    if (now && then) {
      const refusal = storedSecretRefusal(now.kind, then.binding, now.binding);
      if (refusal) throw new CallRefusedError(refusal, 'invalid_input', [{ path: 'secret', message: refusal }]);
    }
    return secrets.get(secretName(saved.id));
  }

  function savedFor(id: string | undefined): AlertChannel | undefined {
    if (id === undefined) return undefined;
    const saved = channels().find((c) => c.id === id);
    if (!saved) throw new CallRefusedError(`There is no alert channel ${id} (it may have been deleted in another console); reload the Alerts page.`, 'invalid_input', [{ path: 'id', message: 'no such channel' }]);
    return saved;
  }

  return {
    settings,
    saveSettings(next) {
      const known = new Set(channels().map((c) => c.id));
      for (const condition of ALERT_CONDITIONS) {
        const rule = next.rules[condition];
        if (rule.channels === 'all') continue;
        const missing = rule.channels.find((id) => !known.has(id));
        if (missing)
          throw new CallRefusedError(`The alert rules were not saved: "${ALERT_CONDITION_INFO[condition].label}" names a channel that does not exist (${missing}); reload the Alerts page.`, 'invalid_input', [
            { path: `rules.${condition}.channels`, message: 'names a channel that does not exist' },
          ]);
      }
      deps.settings.set(SETTINGS_KEY, next, deps.clock.now().toISO()!);
      deps.log.write({ level: 'info', source: 'alerts', message: `Alert rules saved: ${describeRules(next)}.` });
      return next;
    },
    channels,
    channel: (id) => channels().find((c) => c.id === id),
    views: async () => Promise.all(channels().map(view)),

    async saveChannel(input) {
      const saved = savedFor(input.id);
      if (saved && saved.kind !== input.channel.kind && !input.secret) {
        throw refuse('secret', `a ${input.channel.kind} channel needs its own ${ALERT_CHANNEL_SECRET_LABELS[input.channel.kind].toLowerCase()}: type it`);
      }
      const secret = await usableSecret(input, saved);
      const problem = channelDraftProblem(input.channel, secret !== undefined);
      if (problem) throw refuse(problem.path, problem.message);
      const channel: AlertChannel = { ...input.channel, id: saved?.id ?? randomUUID() };
      const list = channels();
      const at = list.findIndex((c) => c.id === channel.id);
      if (at === -1) list.push(channel);
      else list[at] = channel;
      // The secret first: a channel saved without its secret would fail every delivery.
      if (input.secret) await secrets.set(secretName(channel.id), input.secret);
      else if (secret === undefined) await secrets.delete(secretName(channel.id));
      writeChannels(list);
      deps.log.write({ level: 'info', source: 'alerts', message: `Alert channel "${channel.name}" (${channel.kind}) ${saved ? 'changed' : 'added'}${channel.enabled ? '' : ', switched off'}.` });
      return view(channel);
    },

    async deleteChannel(id) {
      const list = channels();
      const gone = list.find((c) => c.id === id);
      if (!gone) return undefined;
      const current = settings();
      const rules = Object.fromEntries(
        ALERT_CONDITIONS.map((condition) => {
          const rule = current.rules[condition];
          return [condition, rule.channels === 'all' ? rule : { ...rule, channels: rule.channels.filter((c) => c !== id) }];
        }),
      ) as AlertSettings['rules'];
      writeChannels(list.filter((c) => c.id !== id));
      if (deps.settings.get(SETTINGS_KEY) !== undefined) deps.settings.set(SETTINGS_KEY, { ...current, rules }, deps.clock.now().toISO()!);
      await secrets.delete(secretName(id));
      deps.log.write({ level: 'info', source: 'alerts', message: `Alert channel "${gone.name}" deleted with its secret.` });
      return gone.name;
    },

    async secretOf(id) {
      return (await secrets.has(secretName(id))) ? secrets.get(secretName(id)) : undefined;
    },
    secretForTest: (input) => usableSecret(input, savedFor(input.id)),
  };
}

/** "7 of 8 on, to every channel", for the log line of a save. */
function describeRules(settings: AlertSettings): string {
  const on = ALERT_CONDITIONS.filter((c) => settings.rules[c].enabled);
  return `${on.length} of ${ALERT_CONDITIONS.length} conditions on, grouped over ${settings.groupingSeconds} s, quiet for ${settings.quietMinutes} min after a message`;
}
