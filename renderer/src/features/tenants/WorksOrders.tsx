/**
 * A repair's works orders on the Tenants page, read from Civica Cx when asked for (one read per
 * repair, recorded in the access audit): each with its tasks' invoice state and its appointments,
 * and "Cancel works order" where the rules allow it, or why not beside the button.
 */
import { Alert, Button, Group, Loader, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import {
  WORKS_ORDER_NOTE_MAX,
  type RepairWorksOrdersView,
  type TenantOrderTaskView,
  type TenantRepairView,
  type TenantWorksOrderView,
  type WorksOrderCancelOutcome,
} from '../../../../shared/domain/tenants';
import { useApi } from '../../api/api-context';
import { describeError, fieldErrorsFrom } from '../../api/contract-call-error';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { isoToTimeInput, TIME_INPUT_PLACEHOLDER, timeInputHint, timeInputToIso } from '../../ui/time-format';
import { CancelControl, StatusBadge } from './cancel-parts';
import { PRIORITY_WORDS, shortTime } from './format';

const INVOICE_WORDS: Record<TenantOrderTaskView['invoiceState'], string> = { none: 'not invoiced', part: 'invoiced in part', full: 'invoiced in full' };

export function WorksOrders({ contactId, repair, onCancelled }: { contactId: number; repair: TenantRepairView; onCancelled: (outcome: WorksOrderCancelOutcome) => void }) {
  const api = useApi();
  const [view, setView] = useState<RepairWorksOrdersView | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<TenantWorksOrderView | null>(null);
  const ref = repair.repairReference;

  const load = async (refresh: boolean) => {
    setLoading(true);
    try {
      setView(await api.call('getRepairWorksOrders', { contactId, repairRef: ref, refresh }));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoading(false);
    }
  };

  if (!view)
    return (
      <Stack gap="xs">
        <Group gap="xs">
          <Button size="xs" variant="default" loading={loading} onClick={() => void load(false)}>
            Show works orders{repair.workOrders.length ? ` (${repair.workOrders.length})` : ''}
          </Button>
          {loading && <Loader size="xs" />}
        </Group>
        {error && (
          <Alert color="red" role="alert" title="Could not read the works orders">
            {error}
          </Alert>
        )}
      </Stack>
    );

  return (
    <Stack gap="xs">
      {view.worksOrders.length === 0 ? (
        <Text size="sm" c="dimmed">
          No works orders.
        </Text>
      ) : (
        <Table aria-label={`Works orders of ${ref}`} withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Works order</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Tasks</Table.Th>
              <Table.Th>Appointments</Table.Th>
              <Table.Th>Cancel</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.worksOrders.map((order) => (
              <Table.Tr key={order.worksOrderReference}>
                <Table.Td>
                  {order.worksOrderReference}
                  <Text size="xs" c="dimmed">
                    {PRIORITY_WORDS[order.priority] ?? order.priority}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={order.status} /> {order.repairStatusCode}
                </Table.Td>
                <Table.Td>
                  {order.tasks.map((t) => (
                    <Text size="sm" key={t.taskId}>
                      Task {t.taskId}: {t.sorCode} {t.description} ({INVOICE_WORDS[t.invoiceState]})
                    </Text>
                  ))}
                </Table.Td>
                <Table.Td>
                  {order.appointments.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      None
                    </Text>
                  ) : (
                    order.appointments.map((a) => (
                      <Text size="sm" key={a.appointmentId} aria-label={`Appointment ${a.appointmentId} of ${order.worksOrderReference}`}>
                        {a.appointmentId} · {shortTime(a.start)} · {a.status}
                      </Text>
                    ))
                  )}
                </Table.Td>
                <Table.Td>
                  <CancelControl check={order.cancel} label={`Cancel works order ${order.worksOrderReference}`} text="Cancel works order" onClick={() => setPending(order)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group gap="xs">
        <Button size="xs" variant="subtle" loading={loading} onClick={() => void load(true)}>
          Read the works orders again
        </Button>
      </Group>
      {pending && (
        <CancelWorksOrderDialog
          contactId={contactId}
          repairRef={ref}
          order={pending}
          lists={view}
          onClose={() => setPending(null)}
          onDone={(outcome) => {
            setPending(null);
            setView(outcome.worksOrders);
            onCancelled(outcome);
          }}
        />
      )}
    </Stack>
  );
}

/** Cancel status and reason from Cx's lists, the date and time (now unless changed) and a note. */
function CancelWorksOrderDialog({
  contactId,
  repairRef,
  order,
  lists,
  onClose,
  onDone,
}: {
  contactId: number;
  repairRef: string;
  order: TenantWorksOrderView;
  lists: Pick<RepairWorksOrdersView, 'cancelStatuses' | 'cancelReasons'>;
  onClose: () => void;
  onDone: (outcome: WorksOrderCancelOutcome) => void;
}) {
  const api = useApi();
  const [cancelStatus, setCancelStatus] = useState('');
  const [reason, setReason] = useState('');
  const [when, setWhen] = useState(() => isoToTimeInput(new Date().toISOString()));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldErrors = fieldErrorsFrom(error) ?? {};
  const cancelledAt = timeInputToIso(when);
  const booked = order.appointments.filter((a) => a.status === 'Booked');

  const confirm = async () => {
    if (!cancelledAt) return;
    setBusy(true);
    try {
      const typedNote = note.trim();
      onDone(
        await api.call('cancelWorksOrder', {
          contactId,
          repairRef,
          worksOrderRef: order.worksOrderReference,
          cancelStatus,
          reason,
          cancelledAt,
          ...(typedNote ? { note: typedNote } : {}),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const options = (list: { code: string; name: string }[]) => [{ value: '', label: 'Choose…' }, ...list.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))];
  return (
    <Modal opened onClose={() => !busy && onClose()} title={`Cancel works order ${order.worksOrderReference}?`} centered>
      <Stack gap="sm">
        <Text>
          Works order {order.worksOrderReference} of repair {repairRef} will be cancelled in Civica Cx
          {booked.length
            ? `, with its booked ${booked.length === 1 ? 'appointment' : 'appointments'} ${booked.map((a) => `${a.appointmentId} (${shortTime(a.start)})`).join(', ')}`
            : ''}
          .
        </Text>
        <NativeSelect
          label="Cancel status"
          required
          data={options(lists.cancelStatuses)}
          value={cancelStatus}
          onChange={(e) => setCancelStatus(e.currentTarget.value)}
          error={fieldErrors.cancelStatus}
        />
        <NativeSelect label="Reason" required data={options(lists.cancelReasons)} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldErrors.reason} />
        <TextInput
          label="Date and time"
          placeholder={TIME_INPUT_PLACEHOLDER}
          description={timeInputHint()}
          required
          value={when}
          onChange={(e) => setWhen(e.currentTarget.value)}
          error={fieldErrors.cancelledAt ?? (cancelledAt ? undefined : `enter a date and time as ${TIME_INPUT_PLACEHOLDER}`)}
        />
        <Textarea label="Note" autosize minRows={2} maxLength={WORKS_ORDER_NOTE_MAX} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldErrors.note} />
        <Text size="sm" c="dimmed">
          This cannot be undone from casebridge. It is recorded in the log with your name.
        </Text>
        {error !== null && <RefusalAlert error={error} title="Not cancelled" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy} data-autofocus>
            Cancel
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={busy} disabled={!cancelStatus || !reason || !cancelledAt}>
            Cancel works order
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
