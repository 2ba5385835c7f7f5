import { Alert, Button, Card, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useId, useState } from 'react';
import type { CancelOutcome, TenantAppointmentView, TenantRepairView, TenantRepairsView, WorksOrderCancelOutcome } from '../../../../shared/domain/tenants';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { CancelControl, StatusBadge } from './cancel-parts';
import { fetchedWords, PRIORITY_WORDS, shortTime } from './format';
import { WorksOrders } from './WorksOrders';
import { formatClockMinute } from '../../ui/time-format';

type Pending = { repair: TenantRepairView; appointment: TenantAppointmentView };

/** A contact's repairs since the start date, with works orders, appointments and cancelling. */
export function TenantRepairs({ contactId, onBack }: { contactId: number; onBack: () => void }) {
  const api = useApi();
  const [view, setView] = useState<TenantRepairsView | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [outcome, setOutcome] = useState<Pick<CancelOutcome, 'cancelled' | 'message'> | null>(null);

  const load = useCallback(
    async (refresh: boolean) => {
      setLoading(true);
      try {
        setView(await api.call('getTenantRepairs', { contactId, refresh }));
        setError(null);
      } catch (e) {
        setError(describeError(e));
      } finally {
        setLoading(false);
      }
    },
    [api, contactId],
  );
  useEffect(() => {
    void load(false);
  }, [load]);

  const confirm = async () => {
    if (!pending) return;
    setCancelling(true);
    try {
      const result = await api.call('cancelAppointment', { contactId, appointmentId: pending.appointment.appointmentId });
      setView(result.view);
      setOutcome({ cancelled: result.cancelled, message: result.message });
    } catch (e) {
      setOutcome({ cancelled: false, message: `Nothing was cancelled: ${describeError(e)}` });
    } finally {
      setCancelling(false);
      setPending(null);
    }
  };

  const worksOrderCancelled = (result: WorksOrderCancelOutcome) => {
    setView(result.view);
    setOutcome({ cancelled: result.cancelled, message: result.message });
  };

  return (
    <Stack gap="md">
      <Group>
        <Button variant="subtle" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={onBack}>
          Back to the search
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert" title="Could not read the tenant's repairs">
          {error}
        </Alert>
      )}
      {!view && loading && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text>Reading the tenant's repairs…</Text>
        </Group>
      )}
      {view && (
        <>
          <Stack gap={4}>
            <Title order={2} size="h3">
              {view.contact.name} ({view.contact.reference})
            </Title>
            <Text>{view.contact.address}</Text>
          </Stack>
          <Group gap="sm">
            <Text size="sm" role="status" aria-label="Data freshness">
              {fetchedWords(view)}. Kept for {view.refreshMinutes} minutes.
            </Text>
            <Button size="xs" variant="default" leftSection={<IconRefresh size={14} aria-hidden />} loading={loading} onClick={() => void load(true)}>
              Refresh now
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            {view.repairsStartDate ? `Repairs created on or after ${view.repairsStartDate}.` : 'All repairs (no repairs start date is set).'}{' '}
            {view.cancellation.enabled
              ? view.cancellation.noticeDays > 0
                ? `Cancelling an appointment needs ${view.cancellation.noticeDays} ${view.cancellation.noticeDays === 1 ? "day's" : "days'"} notice.`
                : 'Appointments may be cancelled any time before they start.'
              : 'Cancellation is switched off.'}
          </Text>
          {outcome && (
            <Alert
              color={outcome.cancelled ? 'green' : 'orange'}
              role={outcome.cancelled ? 'status' : 'alert'}
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={() => setOutcome(null)}
            >
              {outcome.message}
            </Alert>
          )}
          {view.repairs.length === 0 ? (
            <Text c="dimmed">No repairs{view.repairsStartDate ? ` since ${view.repairsStartDate}` : ''}.</Text>
          ) : (
            view.repairs.map((repair) => (
              <RepairCard
                key={repair.repairReference}
                contactId={contactId}
                repair={repair}
                onCancelAppointment={(appointment) => setPending({ repair, appointment })}
                onWorksOrderCancelled={worksOrderCancelled}
              />
            ))
          )}
        </>
      )}
      <Modal opened={pending !== null} onClose={() => !cancelling && setPending(null)} title="Cancel this appointment?" centered>
        {pending && (
          <Stack gap="sm">
            <Text>
              {`The ${pending.appointment.kind.toLowerCase()} appointment on ${shortTime(pending.appointment.start)} for repair ${pending.repair.repairReference} will be cancelled in Civica Cx. The repair itself stays open.`}
            </Text>
            <Text size="sm" c="dimmed">
              This cannot be undone from casebridge. It is recorded in the log with your name.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)} disabled={cancelling}>
                Keep it
              </Button>
              <Button color="red" onClick={() => void confirm()} loading={cancelling} data-autofocus>
                Cancel the appointment
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function RepairCard({
  contactId,
  repair,
  onCancelAppointment,
  onWorksOrderCancelled,
}: {
  contactId: number;
  repair: TenantRepairView;
  onCancelAppointment: (a: TenantAppointmentView) => void;
  onWorksOrderCancelled: (outcome: WorksOrderCancelOutcome) => void;
}) {
  const titleId = useId();
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Title order={3} size="h5" id={titleId}>
              Repair {repair.repairReference}
            </Title>
            <StatusBadge status={repair.status} />
          </Group>
        </Group>
        <Text>{repair.description}</Text>
        <Text size="sm" c="dimmed">
          Raised {shortTime(repair.createdAt)} · priority {PRIORITY_WORDS[repair.priority] ?? repair.priority} · SOR {repair.sorCode}
        </Text>
        <WorksOrders contactId={contactId} repair={repair} onCancelled={onWorksOrderCancelled} />
        {repair.appointments.length === 0 ? (
          <Text size="sm" c="dimmed">
            No appointments.
          </Text>
        ) : (
          <Table aria-label={`Appointments of ${repair.repairReference}`} withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Appointment</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Cancel</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {repair.appointments.map((a) => (
                <Table.Tr key={a.appointmentId}>
                  <Table.Td>
                    {a.kind} {a.appointmentId}
                    {a.workOrderReference ? ` (${a.workOrderReference})` : ''}
                  </Table.Td>
                  <Table.Td>
                    {shortTime(a.start)}–{formatClockMinute(a.end)}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={a.status} />
                  </Table.Td>
                  <Table.Td>
                    <CancelControl check={a.cancel} label={`Cancel appointment ${a.appointmentId}`} onClick={() => onCancelAppointment(a)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
