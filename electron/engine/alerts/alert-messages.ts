/**
 * The words of every alert message, built only from what cannot name a person or give a secret
 * away: counts, job ids, error classes (a ConnectorError kind, never its message, which may quote a
 * case), connector names, alarm titles (never their messages, which name folders) and times. The
 * channels render these fields; nothing else reaches them.
 */
import { DateTime } from 'luxon';
import { ALERT_CONDITION_INFO, type AlertCondition, type AlertMessage } from '../../../shared/domain/alerts';
import type { ConnectorId } from '../../../shared/domain/job';
import { TEMPLATE_SCHEMAS } from '../../../shared/connectors/template-schemas';
import type { EventGroup, Outgoing } from './alert-grouping';

export interface MessageContext {
  zone: string;
  /** The machine the engine runs on. */
  source: string;
  /** The browser console's address, for links to the filtered Jobs page; empty: words only. */
  consoleAddress: string;
}

const connectorName = (connector: ConnectorId) => TEMPLATE_SCHEMAS[connector].label;
const at = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('HH:mm d LLL yyyy');
const iso = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO() ?? '';
const minutes = (ms: number) => {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m === 1 ? '1 minute' : `${m} minutes`;
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `#/jobs?state=dead&connector=tascomi` on the console's address, as the Jobs page reads its filter. */
function jobsLink(context: MessageContext, query: Record<string, string>): string | undefined {
  if (!context.consoleAddress) return undefined;
  const base = context.consoleAddress.replace(/\/+$/, '');
  return `${base}/#/jobs?${new URLSearchParams(query).toString()}`;
}

const byCount = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

function deadJobs(group: EventGroup, context: MessageContext): Pick<AlertMessage, 'title' | 'summary' | 'facts' | 'instruction' | 'link'> {
  const connectors = byCount(group.byConnector) as [ConnectorId, number][];
  const perConnector = connectors.map(([c, n]) => `${connectorName(c)} ${n}`).join(', ');
  const more = group.count - group.jobIds.length;
  const only = connectors.length === 1 ? connectors[0]![0] : undefined;
  return {
    title: `casebridge: ${plural(group.count, 'job')} died (${perConnector})`,
    summary: `${plural(group.count, 'job')} used every attempt between ${at(group.firstAt, context.zone)} and ${at(group.lastAt, context.zone)} and will not be tried again until someone retries them.`,
    facts: [
      ...connectors.map(([c, n]) => ({ label: connectorName(c), value: plural(n, 'job') })),
      ...byCount(group.byClass).map(([errorClass, n]) => ({ label: `Error class ${errorClass}`, value: plural(n, 'job') })),
      { label: 'Job ids', value: `${group.jobIds.join(', ')}${more > 0 ? ` and ${more} more` : ''}` },
    ],
    instruction: `Open casebridge, Jobs page, with the filter State: dead${only ? `, Connector: ${connectorName(only)}` : ''}. Fix the cause, then retry them there.`,
    link: jobsLink(context, { state: 'dead', ...(only ? { connector: only } : {}) }),
  };
}

/** What a state condition's alert and recovery say, by condition. */
const STATE_WORDS: Record<Exclude<AlertCondition, 'job-dead'>, { alert(connector: string): string; recovery(connector: string): string; instruction: string; jobs?: Record<string, string> }> = {
  'validation-failures': {
    alert: (c) => `${c} is refusing cases as invalid`,
    recovery: (c) => `${c} validation failures are back under the limit`,
    instruction: 'Open casebridge, Jobs page, with the filter State: failed, Error class: validation. A template or the case data needs a change; retry once it is fixed.',
    jobs: { state: 'failed', error: 'validation' },
  },
  'breaker-open': {
    alert: (c) => `the ${c} queue has stopped sending: ${c} cannot be reached`,
    recovery: (c) => `the ${c} queue is sending again`,
    instruction: 'Jobs wait without spending attempts. Check the connection on the Network page (Diagnose); the queue resumes by itself when the remote answers.',
  },
  'sync-failing': {
    alert: () => "Tascomi's two-way sync is failing",
    recovery: () => "Tascomi's two-way sync is working again",
    instruction: 'See the Connections page (two-way sync) and the log, source sync, for the reason.',
  },
  'intake-not-listening': {
    alert: () => 'the case intake is not taking cases',
    recovery: () => 'the case intake is taking cases again',
    instruction: 'The CRM cannot post cases. See the Connections page (case intake) for the reason.',
  },
  'disk-low': {
    alert: () => "the data folder's disk is nearly full",
    recovery: () => "the data folder's disk has room again",
    instruction: 'Free space on the disk that holds the data folder; the banner in casebridge names it.',
  },
  'log-store-failing': {
    alert: () => 'the log or the database is failing',
    recovery: () => 'the log and the database are working again',
    instruction: 'Open casebridge: the banner at the top says what is failing and what to do.',
  },
  'backup-failed': {
    alert: () => 'a backup failed',
    recovery: () => 'backups are working again',
    instruction: 'Open casebridge, About, Backups, for the reason; take one by hand once it is fixed.',
  },
};

export function alertMessage(outgoing: Outgoing, context: MessageContext): AlertMessage {
  const { condition } = outgoing;
  const base = { condition, source: context.source };
  if ('group' in outgoing) {
    return { ...base, kind: 'alert', ...deadJobs(outgoing.group, context), firstAt: iso(outgoing.group.firstAt, context.zone), lastAt: iso(outgoing.group.lastAt, context.zone) };
  }
  const words = STATE_WORDS[condition as Exclude<AlertCondition, 'job-dead'>];
  const connector = 'connector' in outgoing ? outgoing.connector : undefined;
  const name = connector ? connectorName(connector) : '';
  const { since } = outgoing.state;
  const link = words.jobs ? jobsLink(context, { ...words.jobs, ...(connector ? { connector } : {}) }) : undefined;
  if (outgoing.kind === 'recovery') {
    return {
      ...base,
      kind: 'recovery',
      ...(connector ? { connector } : {}),
      title: `casebridge recovered: ${words.recovery(name)}`,
      summary: `${ALERT_CONDITION_INFO[condition].label}: cleared at ${at(outgoing.endedAt, context.zone)}, after ${minutes(outgoing.endedAt - since)}.`,
      facts: [
        { label: 'Started', value: at(since, context.zone) },
        { label: 'Cleared', value: at(outgoing.endedAt, context.zone) },
      ],
      instruction: 'Nothing to do; jobs that died meanwhile are still on the Jobs page to retry.',
      firstAt: iso(since, context.zone),
      lastAt: iso(outgoing.endedAt, context.zone),
    };
  }
  return {
    ...base,
    kind: 'alert',
    ...(connector ? { connector } : {}),
    title: `casebridge: ${words.alert(name)}`,
    summary: `${ALERT_CONDITION_INFO[condition].label} since ${at(since, context.zone)}. A message follows when it clears.`,
    facts: outgoing.state.facts,
    instruction: words.instruction,
    ...(link ? { link } : {}),
    firstAt: iso(since, context.zone),
    lastAt: iso(since, context.zone),
  };
}

/** The message "Send test alert" sends: says what it is, names no one. */
export function testMessage(nowMs: number, context: MessageContext, channelName: string): AlertMessage {
  return {
    condition: 'test',
    kind: 'test',
    source: context.source,
    title: 'casebridge: test alert',
    summary: `A test of the alert channel "${channelName}" from the Alerts page. If you can read this, alerts reach this channel.`,
    facts: [{ label: 'Sent', value: at(nowMs, context.zone) }],
    instruction: 'Nothing to do.',
    firstAt: iso(nowMs, context.zone),
    lastAt: iso(nowMs, context.zone),
  };
}
