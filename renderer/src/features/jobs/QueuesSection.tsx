import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import type { BreakerView, ConnectorId, ConnectorQueueStatus, JobFilterState } from '../../../../shared/domain/job';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { pageHref } from '../../ui/page-address';
import { formatLogTime } from '../../ui/log-format';
import { describeCountdown, useNow } from './countdown';
import { describeRateLimitHold, type RateLimitNotice } from './rate-limit-notice';
import { useQueueStatus } from './use-queue-status';
import { formatTimeWithZone } from '../../ui/time-format';
import { Permitted } from '../../ui/Permitted';

export const CONNECTOR_LABELS: Record<ConnectorId, string> = { tascomi: 'Tascomi / Idox Cloud', 'civica-cx': 'Civica Cx' };

/** The card's columns: `queued` here is a job not tried yet (the engine's count less the retrying ones), as in the filter. */
const COLUMNS: { key: JobFilterState | 'succeededToday'; label: string; alarm?: boolean }[] = [
  { key: 'queued', label: 'Queued' },
  { key: 'retrying', label: 'Retrying' },
  { key: 'running', label: 'Running' },
  { key: 'failed', label: 'Failed', alarm: true },
  { key: 'dead', label: 'Dead', alarm: true },
  { key: 'cancelled', label: 'Cancelled' },
  { key: 'succeededToday', label: 'Succeeded today' },
  { key: 'succeeded', label: 'Succeeded' },
];

function countOf(status: ConnectorQueueStatus, key: (typeof COLUMNS)[number]['key']): number {
  switch (key) {
    case 'queued':
      return Math.max(0, status.counts.queued - status.retrying);
    case 'retrying':
      return status.retrying;
    case 'succeededToday':
      return status.succeededToday;
    default:
      return status.counts[key];
  }
}

/** The breaker as a person reads it: a short badge and a sentence with the times. */
function describeBreaker(breaker: BreakerView): { badge: string; color: string; sentence: string } {
  switch (breaker.state) {
    case 'closed':
      return { badge: 'Sending', color: 'green', sentence: 'Circuit closed: no run of failures is holding jobs back.' };
    case 'open':
      return {
        badge: 'Circuit open',
        color: 'red',
        sentence: `Open since ${formatLogTime(breaker.since)} after repeated failures; the next probe is at ${formatLogTime(breaker.probeAt)}.`,
      };
    case 'probing':
      return { badge: 'Probing', color: 'yellow', sentence: 'One trial attempt is checking whether the system has recovered.' };
    case 'paused':
      return { badge: 'Paused', color: 'gray', sentence: `Paused since ${formatLogTime(breaker.since)}: no attempt starts until it is resumed.` };
  }
}

/**
 * Each connector's queue at a glance: counts per state (a count opens the list of those jobs when
 * `onShowJobs` is given), the soonest retry, the circuit breaker, pause / resume. Self-loading, so
 * a page can place it anywhere.
 */
export function QueuesSection({ onShowJobs }: { onShowJobs?: (connector: ConnectorId, state: JobFilterState) => void }) {
  const { queues, loadError, apply } = useQueueStatus();
  return (
    <Stack gap="sm" component="section" aria-labelledby="queues-heading">
      <Title order={2} size="h4" id="queues-heading">
        Queues
      </Title>
      {loadError !== null && (
        <Alert color="red" role="alert">
          Could not read the queues: {describeError(loadError)}
        </Alert>
      )}
      {queues === null
        ? loadError === null && <Text role="status">Loading the queues…</Text>
        : queues.map((q) => <QueueCard key={q.connector} status={q} onChanged={apply} onShowJobs={onShowJobs} />)}
    </Stack>
  );
}

function QueueCard({
  status,
  onChanged,
  onShowJobs,
}: {
  status: ConnectorQueueStatus;
  onChanged: (status: ConnectorQueueStatus) => void;
  onShowJobs?: (connector: ConnectorId, state: JobFilterState) => void;
}) {
  const api = useApi();
  const label = CONNECTOR_LABELS[status.connector];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const paused = status.breaker.state === 'paused';
  const breaker = describeBreaker(status.breaker);
  // Not configured outranks "Sending" (nothing is sent), but a pause or an open circuit says more.
  const badge = status.waitingFor && status.breaker.state === 'closed' ? { text: 'Waiting', color: 'yellow' } : { text: breaker.badge, color: breaker.color };
  const headingId = `queue-${status.connector}-heading`;

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await api.call(paused ? 'resumeQueue' : 'pauseQueue', { connector: status.connector }));
    } catch (e) {
      setError(`Not ${paused ? 'resumed' : 'paused'}: ${describeError(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Title order={3} size="h5" id={headingId}>
              {label}
            </Title>
            <Badge color={badge.color} variant="light" aria-label={`Queue state: ${badge.text}`}>
              {badge.text}
            </Badge>
          </Group>
          <Permitted to="jobs">
            <Button
              size="xs"
              variant={paused ? 'filled' : 'default'}
              leftSection={paused ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
              loading={busy}
              onClick={() => void toggle()}
            >
              {paused ? 'Resume' : 'Pause'}
            </Button>
          </Permitted>
        </Group>
        <Text size="sm" role="status" aria-label={`${label} breaker`}>
          {breaker.sentence}
          {status.running > 0 && ` ${status.running} attempt${status.running === 1 ? '' : 's'} running now.`}
        </Text>
        {status.breaker.state === 'open' && <ProbeCountdown at={status.breaker.probeAt} />}
        {status.waitingFor && (
          <Alert color="yellow" role="status" title="Waiting">
            <Text size="sm">{status.waitingFor}</Text>
            <Text size="sm">
              Nothing is sent until then; queued jobs wait without using attempts. <Anchor href={pageHref('connections')}>Open the Connections page</Anchor>
            </Text>
          </Alert>
        )}
        {status.warning && (
          <Alert color="orange" role="status" title="Warning">
            <Text size="sm">{status.warning}</Text>
          </Alert>
        )}
        <RateLimitHold notice={describeRateLimitHold(label, status.rateLimit)} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Table aria-label={`${label} jobs by state`} withTableBorder layout="fixed">
          <Table.Thead>
            <Table.Tr>
              {COLUMNS.map((c) => (
                <Table.Th key={c.key}>{c.label}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              {COLUMNS.map((c) => {
                const n = countOf(status, c.key);
                const colour = c.alarm && n > 0 ? 'red' : undefined;
                const show = onShowJobs && c.key !== 'succeededToday' && n > 0 ? onShowJobs : undefined;
                const stateKey = c.key as JobFilterState;
                return (
                  <Table.Td key={c.key} ff="monospace" c={colour} style={{ verticalAlign: 'top' }}>
                    {show ? (
                      <UnstyledButton
                        ff="monospace"
                        c={colour}
                        td="underline"
                        onClick={() => show(status.connector, stateKey)}
                        aria-label={`${n} ${c.label.toLowerCase()}: show these jobs`}
                      >
                        {n}
                      </UnstyledButton>
                    ) : (
                      n
                    )}
                    {c.key === 'retrying' && status.nextRetryAt && <NextRetry at={status.nextRetryAt} />}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

/** Held by the rate limit: information, not a fault, with where the limit is changed. */
function RateLimitHold({ notice }: { notice: RateLimitNotice | null }) {
  if (!notice) return null;
  return (
    <Alert color="blue" role="status" title="Held by the rate limit">
      {notice.held && <Text size="sm">{notice.held}.</Text>}
      {notice.paused && (
        <Text size="sm" title={`Until ${formatTimeWithZone(notice.paused.at)}`}>
          {notice.paused.sentence} (it answered “too many requests”): nothing is sent to it until then.
        </Text>
      )}
      <Text size="sm">
        Not failing: held requests are sent as soon as the limit allows. The limit is shared by everything that calls this connection and is set on the{' '}
        <Anchor href={pageHref('connections')}>Connections page</Anchor>.
      </Text>
    </Alert>
  );
}

/** The soonest retry, ticking down on the shared timer. */
function NextRetry({ at }: { at: string }) {
  const text = describeCountdown(at, useNow());
  return (
    <Text size="xs" c="dimmed" ff="sans-serif" title={`At ${formatLogTime(at)}`}>
      {text === 'due now' ? 'next due now' : `next ${text}`}
    </Text>
  );
}

/** Outside the breaker's status sentence, so a screen reader is not told every second. */
function ProbeCountdown({ at }: { at: string }) {
  const text = describeCountdown(at, useNow());
  return (
    <Text size="xs" c="dimmed">
      Next probe {text}.
    </Text>
  );
}
