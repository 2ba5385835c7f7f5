import { Alert, Badge, Button, Card, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useId, useState } from 'react';
import type { CancelCheck, CancelOutcome, TenantAppointmentView, TenantRepairView, TenantRepairsView } from '../../../../shared/domain/tenants';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { fetchedWords, PRIORITY_WORDS, shortTime } from './format';

type Pending = { kind: 'repair'; repair: TenantRepairView } | { kind: 'appointment'; repair: TenantRepairView; appointment: TenantAppointmentView };

const STATUS_COLOURS: Record<string, string> = {
  Booked: 'blue',
  Completed: 'green',
  Cancelled: 'gray',
  'No Access': 'orange',
  Invoiced: 'teal',
  Issued: 'blue',
  Logged: 'blue',
  'In Progress': 'indigo',
};
const StatusBadge = ({ status }: { status: string }) => (
  <Badge variant="light" color={STATUS_COLOURS[status] ?? 'gray'}>
    {status}
  </Badge>
);

/** A Cancel button, enabled only when the check allows it, and otherwise the reason beside it. */
function CancelControl({ check, label, onClick }: { check: CancelCheck; label: string; onClick: () => void }) {
  const reasonId = useId();
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Button size="xs" color="red" variant="light" disabled={!check.allowed} onClick={onClick} aria-label={label} aria-describedby={check.allowed ? undefined : reasonId}>
        Cancel
      </Button>
      {!check.allowed && (
        <Text size="xs" c="dimmed" id={reasonId}>
          {check.message}
        </Text>
      )}
    </Group>
  );
}

/** A contact's repairs since the start date, with work orders, appointments and cancelling. */
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
      const result =
        pending.kind === 'repair'
          ? await api.call('cancelRepair', { contactId, repairRef: pending.repair.repairReference })
          : await api.call('cancelAppointment', { contactId, appointmentId: pending.appointment.appointmentId });
      setView(result.view);
      setOutcome({ cancelled: result.cancelled, message: result.message });
    } catch (e) {
      setOutcome({ cancelled: false, message: `Nothing was cancelled: ${describeError(e)}` });
    } finally {
      setCancelling(false);
      setPending(null);
    }
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
                repair={repair}
                onCancelRepair={() => setPending({ kind: 'repair', repair })}
                onCancelAppointment={(appointment) => setPending({ kind: 'appointment', repair, appointment })}
              />
            ))
          )}
        </>
      )}
      <Modal
        opened={pending !== null}
        onClose={() => !cancelling && setPending(null)}
        title={pending?.kind === 'repair' ? 'Cancel this repair?' : 'Cancel this appointment?'}
        centered
      >
        {pending && (
          <Stack gap="sm">
            <Text>
              {pending.kind === 'repair'
                ? `Repair ${pending.repair.repairReference} (${pending.repair.description}) will be cancelled in Civica Cx, with all its work orders and booked appointments.`
                : `The ${pending.appointment.kind.toLowerCase()} appointment on ${shortTime(pending.appointment.start)} for repair ${pending.repair.repairReference} will be cancelled in Civica Cx. The repair itself stays open.`}
            </Text>
            <Text size="sm" c="dimmed">
              This cannot be undone from casebridge. It is recorded in the log with your name.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)} disabled={cancelling}>
                Keep it
              </Button>
              <Button color="red" onClick={() => void confirm()} loading={cancelling} data-autofocus>
                {pending.kind === 'repair' ? 'Cancel the repair' : 'Cancel the appointment'}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function RepairCard({
  repair,
  onCancelRepair,
  onCancelAppointment,
}: {
  repair: TenantRepairView;
  onCancelRepair: () => void;
  onCancelAppointment: (a: TenantAppointmentView) => void;
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
          <CancelControl check={repair.cancel} label={`Cancel repair ${repair.repairReference}`} onClick={onCancelRepair} />
        </Group>
        <Text>{repair.description}</Text>
        <Text size="sm" c="dimmed">
          Raised {shortTime(repair.createdAt)} · priority {PRIORITY_WORDS[repair.priority] ?? repair.priority} · SOR {repair.sorCode}
        </Text>
        {repair.workOrders.length > 0 && (
          <Table aria-label={`Work orders of ${repair.repairReference}`} withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Work order</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Tasks</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {repair.workOrders.map((order) => (
                <Table.Tr key={order.workOrderReference}>
                  <Table.Td>{order.workOrderReference}</Table.Td>
                  <Table.Td>
                    {order.status} ({order.repairStatusCode})
                  </Table.Td>
                  <Table.Td>
                    {order.tasks.map((t, i) => (
                      <Text size="sm" key={i}>
                        {t.sorCode} {t.description}
                        {t.invoiced ? ' (invoiced)' : ''}
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
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
                    {shortTime(a.start)}–{a.end.slice(11, 16)}
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
