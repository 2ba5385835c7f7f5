import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { JOB_STATES, type BreakerView, type ConnectorId, type ConnectorQueueStatus, type JobState } from '../../../../shared/domain/job';
import { describeError, useApi } from '../../api';
import { pageHref } from '../../shell/page-address';
import { formatLogTime } from '../log/RecentLogTable';
import { JobSettingsForm } from './JobSettingsForm';
import { useQueueStatus } from './use-queue-status';

export const CONNECTOR_LABELS: Record<ConnectorId, string> = { tascomi: 'Tascomi / Idox Cloud' };
const STATE_LABELS: Record<JobState, string> = { queued: 'Queued', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', dead: 'Dead' };

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
 * Each connector's queue at a glance, with pause / resume and its settings. Compact and self-loading
 * so the Jobs page (and later the retry monitor) can place it anywhere.
 */
export function QueuesSection() {
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
      {queues === null ? loadError === null && <Text role="status">Loading the queues…</Text> : queues.map((q) => <QueueCard key={q.connector} status={q} onChanged={apply} />)}
    </Stack>
  );
}

function QueueCard({ status, onChanged }: { status: ConnectorQueueStatus; onChanged: (status: ConnectorQueueStatus) => void }) {
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
          <Button
            size="xs"
            variant={paused ? 'filled' : 'default'}
            leftSection={paused ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
            loading={busy}
            onClick={() => void toggle()}
          >
            {paused ? 'Resume' : 'Pause'}
          </Button>
        </Group>
        <Text size="sm" role="status" aria-label={`${label} breaker`}>
          {breaker.sentence}
          {status.running > 0 && ` ${status.running} attempt${status.running === 1 ? '' : 's'} running now.`}
        </Text>
        {status.waitingFor && (
          <Alert color="yellow" role="status" title="Waiting">
            <Text size="sm">{status.waitingFor}</Text>
            <Text size="sm">
              Nothing is sent until then; queued jobs wait without using attempts. <Anchor href={pageHref('connections')}>Open the Connections page</Anchor>
            </Text>
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Table aria-label={`${label} jobs by state`} withTableBorder layout="fixed" maw={640}>
          <Table.Thead>
            <Table.Tr>
              {JOB_STATES.map((s) => (
                <Table.Th key={s}>{STATE_LABELS[s]}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              {JOB_STATES.map((s) => (
                <Table.Td key={s} ff="monospace" c={status.counts[s] > 0 && (s === 'failed' || s === 'dead') ? 'red' : undefined}>
                  {status.counts[s]}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <JobSettingsForm connector={status.connector} label={label} />
      </Stack>
    </Card>
  );
}
