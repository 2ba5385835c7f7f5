import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { REMOTE_NOT_TOUCHED, type CaseErasure } from '../../../../shared/domain/case-erasure';
import { useApi } from '../../api/api-context';
import { RefusalAlert } from '../../ui/RefusalAlert';

/** The erasure's outcome in words, for the notice on the Cases page. */
export function describeErasure(e: CaseErasure): string {
  const entries = `${e.logEntries} log ${e.logEntries === 1 ? 'entry' : 'entries'}`;
  const cancelled = e.jobsCancelled > 0 ? `, ${e.jobsCancelled} queued cancelled` : '';
  return `Case ${e.caseId}'s personal data was erased: the case, the error text of ${e.jobs} job(s)${cancelled}, the details of ${entries} and ${e.cxCacheRows} Civica Cx cache row(s). ${e.notTouched}`;
}

/**
 * Erasing cannot be undone, so the person types the case id to confirm (the engine checks it too).
 * The dialog says what goes, what stays (a skeleton, the audit) and what is not touched (the back
 * office's records). Cancel has the focus; the Erase button waits for the id.
 */
export function EraseCaseModal({ caseId, opened, onClose, onErased }: { caseId: string; opened: boolean; onClose: () => void; onErased: (erasure: CaseErasure) => void }) {
  const api = useApi();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setTyped('');
    setError(null);
  }, [opened]);

  const matches = typed.trim() === caseId;
  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      onErased(await api.call('eraseCase', { id: caseId, confirm: typed.trim() }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Erase the personal data of case ${caseId}`} size="lg">
      <Stack>
        <Text>This cannot be undone. casebridge erases, now:</Text>
        <List size="sm" spacing={4}>
          <List.Item>the case: its fields, dates, people, addresses and References;</List.Item>
          <List.Item>its jobs&apos; error text (a queued job is cancelled: it cannot be sent without the case);</List.Item>
          <List.Item>its log entries&apos; messages, requests and answers, and their search index;</List.Item>
          <List.Item>Civica Cx cache rows that name its people or addresses.</List.Item>
        </List>
        <Text size="sm">
          A skeleton stays: each job&apos;s state, times and error class, and each log entry&apos;s time, outcome and job, marked as erased by you today. The access audit records
          the erasure.
        </Text>
        <Alert color="yellow" title="Not touched">
          {REMOTE_NOT_TOUCHED}
        </Alert>
        <TextInput
          label={`Type the case id (${caseId}) to confirm`}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
        />
        {error !== null && <RefusalAlert error={error} title="Not erased" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" disabled={!matches} loading={busy} onClick={() => void erase()}>
            Erase personal data
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
