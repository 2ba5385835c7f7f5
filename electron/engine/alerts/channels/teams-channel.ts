/**
 * A Microsoft Teams channel: the message as an Adaptive Card, posted to the channel's incoming
 * webhook URL (the old Office 365 connector, or a Workflows "post to a channel when a webhook
 * request is received" flow; both take this envelope). The URL is the channel's secret: it is never
 * logged or shown, only its host.
 *
 * Any 2xx is delivered: the old connector answers 200 with "1", a Workflows flow 202. The old
 * connector also answers 200 with the words of an error when Teams itself refused the card
 * ("Microsoft Teams endpoint returned HTTP error 429..."): that is taken as the status it names.
 */
import type { AlertMessage } from '../../../../shared/domain/alerts';
import { HttpAnswerError } from '../send-failure';
import { postJson, type JsonPost } from './http-post';

const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** The Teams message: one Adaptive Card (version 1.4, which both the connector and Workflows render). */
export function teamsCard(message: AlertMessage): Record<string, unknown> {
  const times = message.firstAt === message.lastAt ? message.firstAt : `${message.firstAt} to ${message.lastAt}`;
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: CARD_SCHEMA,
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body: [
            { type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: message.summary, wrap: true },
            { type: 'FactSet', facts: message.facts.map((fact) => ({ title: fact.label, value: fact.value })) },
            { type: 'TextBlock', text: message.instruction, wrap: true },
            { type: 'TextBlock', text: `casebridge on ${message.source}, ${times}`, isSubtle: true, size: 'Small', wrap: true },
          ],
          actions: message.link ? [{ type: 'Action.OpenUrl', title: 'Open in casebridge', url: message.link }] : [],
        },
      },
    ],
  };
}

/** Posts the card; resolves with what Teams answered ("Teams answered 202"). */
export async function sendToTeams(url: URL, message: AlertMessage, options: Omit<JsonPost, 'url' | 'body' | 'headers'>): Promise<{ detail: string }> {
  const answer = await postJson({ ...options, url, body: JSON.stringify(teamsCard(message)) });
  const refused = /returned HTTP error (\d{3})/i.exec(answer.body);
  if (refused) throw new HttpAnswerError(Number(refused[1]), answer.body);
  return { detail: `Teams answered ${answer.status}` };
}
