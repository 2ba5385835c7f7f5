/**
 * Sends one alert message through one channel, whatever its kind: the one entry the deliveries
 * worker and "Send test alert" use. It resolves with what the far side answered, or throws an
 * AlertSendError (send-failure.ts) whose words never hold the secret.
 *
 * Decisions:
 * - The secret comes in beside the channel, read by the caller from the secret store for this one
 *   send: nothing here keeps it.
 * - A secret the kind needs and does not have is `setup` (never retried): the password for an email
 *   channel with a user name, the Teams URL, the webhook's signing secret.
 * - The Teams URL is checked as the form checks it (https, or http only to this machine) before
 *   anything is sent: a stored value from an older version is not trusted blindly.
 */
import { isWebAddress, type AlertChannel, type AlertMessage } from '../../../shared/domain/alerts';
import type { Clock } from '../clock';
import type { ProxyEnv } from '../connectors/http/transport';
import { sendEmail } from './channels/email-channel';
import { sendToTeams } from './channels/teams-channel';
import { sendToWebhook } from './channels/webhook-channel';
import { classifySendFailure, setupFailure, withoutSecret, type SendContext } from './send-failure';

/** How long one send may take, connection to answer, unless the caller says otherwise. */
export const DEFAULT_SEND_TIMEOUT_MS = 30_000;

export interface ChannelSender {
  send(channel: AlertChannel, secret: string | undefined, message: AlertMessage, signal: AbortSignal): Promise<{ detail: string }>;
}

export interface ChannelSenderDeps {
  clock: Clock;
  /** Authorities to trust instead of the system's (tests); NODE_EXTRA_CA_CERTS adds to the system's. */
  ca?: string | Buffer | (string | Buffer)[];
  timeoutMs?: number;
  /** Where Teams and webhook posts read the proxy settings (default: this process's environment). */
  proxyEnv?: ProxyEnv;
}

export function createChannelSender(deps: ChannelSenderDeps): ChannelSender {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const limits = (signal: AbortSignal) => ({ ca: deps.ca, timeoutMs, signal });

  return {
    async send(channel, secret, message, signal) {
      const context: SendContext = { timeoutMs };
      try {
        switch (channel.kind) {
          case 'email':
            if (channel.username && !secret) {
              throw setupFailure(`The channel '${channel.name}' signs in to ${channel.host} as ${channel.username} but no password is stored: enter it on the Alerts page.`);
            }
            return await sendEmail(channel, message, { ...limits(signal), password: secret });
          case 'teams': {
            const url = teamsUrl(channel.name, secret);
            context.host = url.hostname;
            context.port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
            return await sendToTeams(url, message, { ...limits(signal), proxyEnv: deps.proxyEnv });
          }
          case 'webhook':
            if (!secret) throw setupFailure(`The channel '${channel.name}' has no signing secret stored: enter one on the Alerts page (and give the receiver the same).`);
            return await sendToWebhook(new URL(channel.url), message, secret, deps.clock, { ...limits(signal), proxyEnv: deps.proxyEnv });
        }
      } catch (error) {
        throw withoutSecret(classifySendFailure(error, channel, context), secret);
      }
    },
  };
}

function teamsUrl(name: string, secret: string | undefined): URL {
  if (!secret) throw setupFailure(`The channel '${name}' has no Teams incoming webhook URL stored: paste it on the Alerts page.`);
  if (!isWebAddress(secret, { loopbackHttp: true })) {
    throw setupFailure(`The stored Teams URL of the channel '${name}' is not an https address: paste the channel's incoming webhook URL again.`);
  }
  return new URL(secret.trim());
}
