import { Alert, Anchor, Badge, Button, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { AlertDeliveryView } from '../../../../shared/domain/alerts';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { pageHref } from '../../ui/page-address';
import { Permitted } from '../../ui/Permitted';
import { attemptsText, canRetryDelivery, DELIVERY_STATE_COLOURS, deliveryWhen } from './alert-delivery-words';
import { useAlertDeliveries } from './use-alert-deliveries';

type Outcome = { kind: 'done' | 'refused'; message: string };

/**
 * Alert messages and their delivery to each channel, live: on the Jobs page because a channel that
 * cannot be reached is a failure support staff look for there. Self-loading, so a page can place it anywhere.
 */
export function AlertDeliveriesSection() {
  const { deliveries, loadError, apply } = useAlertDeliveries();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <Stack gap="sm" component="section" aria-labelledby="alert-deliveries-heading">
      <Title order={2} size="h4" id="alert-deliveries-heading">
        Alert deliveries
      </Title>
      {loadError !== null && (
        <Alert color="red" role="alert">
          Could not read the alert deliveries: {describeError(loadError)}
        </Alert>
      )}
      {outcome && (
        <Alert
          color={outcome.kind === 'done' ? 'green' : 'red'}
          role={outcome.kind === 'done' ? 'status' : 'alert'}
          aria-label="Alert delivery action"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setOutcome(null)}
        >
          {outcome.message}
        </Alert>
      )}
      {deliveries === null ? (
        loadError === null && <Text role="status">Loading the alert deliveries…</Text>
      ) : deliveries.length === 0 ? (
        <Text c="dimmed">
          No alert deliveries yet. Which events send alerts, and where, is set on the <Anchor href={pageHref('alerts')}>Alerts page</Anchor>.
        </Text>
      ) : (
        <Table aria-label="Alert deliveries" striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Alert</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Last error</Table.Th>
              <Table.Th>Next try or sent</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deliveries.map((delivery) => (
              <DeliveryRow key={delivery.id} delivery={delivery} onAnswer={apply} onOutcome={setOutcome} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function DeliveryRow({ delivery, onAnswer, onOutcome }: { delivery: AlertDeliveryView; onAnswer: (d: AlertDeliveryView) => void; onOutcome: (o: Outcome) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    setBusy(true);
    try {
      onAnswer(await api.call('retryAlertDelivery', { id: delivery.id }));
      onOutcome({ kind: 'done', message: `The alert “${delivery.title}” to ${delivery.channelName} is queued again with a fresh set of attempts.` });
    } catch (error) {
      onOutcome({ kind: 'refused', message: `The alert “${delivery.title}” to ${delivery.channelName} was not queued again: ${describeError(error)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Table.Tr>
      <Table.Td>{delivery.channelName}</Table.Td>
      <Table.Td>{delivery.title}</Table.Td>
      <Table.Td>
        <Badge size="sm" variant={delivery.state === 'dead' ? 'filled' : 'light'} color={DELIVERY_STATE_COLOURS[delivery.state]} style={{ minWidth: 'max-content' }}>
          {delivery.state}
        </Badge>
      </Table.Td>
      <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
        {attemptsText(delivery)}
      </Table.Td>
      <Table.Td>
        {delivery.lastError ? (
          <Text size="sm" c={delivery.state === 'sent' ? 'dimmed' : 'red'}>
            {delivery.lastError}
          </Text>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{deliveryWhen(delivery)}</Table.Td>
      <Table.Td>
        {canRetryDelivery(delivery) && (
          <Permitted to="jobs">
            <Button size="compact-xs" variant="light" loading={busy} onClick={() => void retry()} aria-label={`Retry the alert “${delivery.title}” to ${delivery.channelName}`}>
              Retry
            </Button>
          </Permitted>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
