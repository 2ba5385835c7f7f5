import { Alert, Button, Divider, Group, NumberInput, Progress, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { BACKUP_KEEP_MAX, type BackupListing, type BackupProgressEvent, type BackupSettings } from '../../../../shared/domain/backup';
import { describeError } from '../../api/contract-call-error';
import { Permitted } from '../../ui/Permitted';
import { numberOrEmpty, useSettingsForm } from '../../ui/settings-form/use-settings-form';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { SettingsOutcomeAlert } from '../../ui/settings-form/SettingsOutcomeAlert';
import { formatLogTime } from '../../ui/time-format';
import { usePolicyLock } from '../../ui/PolicyLock';
import { RestoreBackupModal, type RestoreChoice } from './RestoreBackupModal';

type Form = Omit<BackupSettings, 'keep'> & { keep: number | '' };

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** What a backup's progress says: a percent of pages copied, then the check of the copy. */
function BackupProgressBar({ progress, onCancel, cancelling }: { progress: BackupProgressEvent; onCancel: () => void; cancelling: boolean }) {
  const percent = progress.totalPages === 0 ? 0 : Math.floor((progress.copiedPages / progress.totalPages) * 100);
  const pages = (n: number) => n.toLocaleString('en-GB');
  const words =
    progress.phase === 'checking'
      ? `Copied ${pages(progress.totalPages)} pages; checking the copy…`
      : `Backing up: ${percent}% (${pages(progress.copiedPages)} of ${pages(progress.totalPages)} pages); the engine keeps working.`;
  return (
    <Stack gap={4}>
      <Progress value={progress.phase === 'checking' ? 100 : percent} animated={progress.phase === 'checking'} aria-label="Backup progress" />
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm">{words}</Text>
        <Button size="compact-sm" variant="default" onClick={onCancel} loading={cancelling} style={{ flexShrink: 0 }}>
          Cancel backup
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * The About panel's "Backups": the daily backup's settings, "Back up now" with its progress (any
 * console's, or the daily one's), the backups in the folder, and restoring one (RestoreBackupModal).
 */
export function BackupsSection() {
  const enabledLock = usePolicyLock('backups.enabled');
  const timeLock = usePolicyLock('backups.time');
  const keepLock = usePolicyLock('backups.keep');
  const folderLock = usePolicyLock('backups.folder');
  const {
    api,
    values: form,
    set,
    busy,
    outcome,
    setOutcome,
    fieldErrors: errors,
    accept,
    submit,
    loadState,
  } = useSettingsForm({
    load: (api) => api.call('getBackupSettings'),
    toForm: (settings: BackupSettings): Form => settings,
    what: 'the backup settings',
    validate: (values) => (values.keep === '' ? { keep: 'Enter how many backups to keep.' } : null),
    clearOutcomeOnEdit: true,
  });
  const [backups, setBackups] = useState<BackupListing[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [runOutcome, setRunOutcome] = useState<{ kind: 'saved' | 'cancelled' | 'error'; message: string } | null>(null);
  const [progress, setProgress] = useState<BackupProgressEvent | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [restoring, setRestoring] = useState<RestoreChoice | null>(null);
  // Heard before the call's answer: a cancelled backup's refusal is then not shown as a failure.
  const cancelled = useRef(false);
  useEffect(
    () =>
      api.on('backupProgress', (event) => {
        const over = event.phase === 'done' || event.phase === 'failed' || event.phase === 'cancelled';
        setProgress(over ? null : event);
        if (over) setCancelling(false);
        if (event.phase === 'cancelled') {
          cancelled.current = true;
          setRunOutcome({ kind: 'cancelled', message: 'The backup was cancelled; nothing was kept.' });
        }
      }),
    [api],
  );
  const cancelBackup = () => {
    setCancelling(true);
    api
      .call('cancelBackup')
      .then((answer) => !answer.cancelled && setCancelling(false))
      .catch((error: unknown) => (setCancelling(false), setRunOutcome({ kind: 'error', message: `Could not cancel the backup: ${describeError(error)}` })));
  };

  const refresh = useCallback(() => {
    api
      .call('listBackups')
      .then((list) => (setBackups(list), setListError(null)))
      .catch((error: unknown) => setListError(`Could not list the backups: ${describeError(error)}`));
  }, [api]);
  useEffect(refresh, [refresh]);

  if (!form) return <SettingsLoadState {...loadState} size="sm" />;

  const save = submit(async (values) => {
    const saved = await api.call('saveBackupSettings', values as BackupSettings);
    accept(saved);
    setOutcome({
      kind: 'saved',
      message: saved.enabled ? `Saved: a backup is taken daily at ${saved.time}, the newest ${saved.keep} kept.` : 'Saved: backups are taken only when you choose Back up now.',
    });
    refresh();
  });

  const backUpNow = async () => {
    setRunning(true);
    setRunOutcome(null);
    cancelled.current = false;
    try {
      const taken = await api.call('runBackup', {});
      setRunOutcome({ kind: 'saved', message: `Backed up to ${taken.name} (${megabytes(taken.bytes)}) in ${taken.folder}.` });
    } catch (error) {
      if (!cancelled.current) setRunOutcome({ kind: 'error', message: `The backup failed: ${describeError(error)}` });
    } finally {
      setRunning(false);
      refresh();
    }
  };

  return (
    <Stack gap="sm" mt="md">
      <Divider />
      <Title order={2} size="h4">
        Backups
      </Title>
      <Permitted to="retention">
        <form onSubmit={save} aria-label="Backup settings" noValidate>
          <Stack gap="xs">
            <Switch label="Back up daily" {...enabledLock.toggle()} checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
            <Group grow align="flex-start">
              <TextInput
                label="At (24-hour)"
                {...timeLock.field("HH:MM, in the engine's time zone")}
                value={form.time}
                onChange={(e) => set('time', e.currentTarget.value)}
                error={errors.time}
              />
              <NumberInput
                label="Keep"
                {...keepLock.field(`The newest 1 to ${BACKUP_KEEP_MAX}`)}
                value={form.keep}
                onChange={(v) => set('keep', numberOrEmpty(v))}
                error={errors.keep}
                min={1}
                max={BACKUP_KEEP_MAX}
                clampBehavior="none"
                allowNegative={false}
                allowDecimal={false}
              />
            </Group>
            <TextInput
              label="Folder"
              {...folderLock.field('A full path; empty for the backups folder in the data folder')}
              value={form.folder}
              onChange={(e) => set('folder', e.currentTarget.value)}
              error={errors.folder}
            />
            <Group>
              <Button type="submit" variant="light" loading={busy === 'saving'}>
                Save backup settings
              </Button>
              <Button variant="filled" onClick={() => void backUpNow()} loading={running} loaderProps={{ type: 'dots' }}>
                Back up now
              </Button>
            </Group>
            <SettingsOutcomeAlert outcome={outcome} />
            {progress ? (
              <BackupProgressBar progress={progress} onCancel={cancelBackup} cancelling={cancelling} />
            ) : (
              running && <Text size="sm">Backing up: the engine keeps working meanwhile…</Text>
            )}
            {runOutcome && (
              <Alert
                color={{ saved: 'green', cancelled: 'yellow', error: 'red' }[runOutcome.kind]}
                role={runOutcome.kind === 'error' ? 'alert' : 'status'}
                style={{ overflowWrap: 'anywhere' }}
              >
                {runOutcome.message}
              </Alert>
            )}
          </Stack>
        </form>
      </Permitted>
      {listError && (
        <Alert color="red" role="alert">
          {listError}
        </Alert>
      )}
      {backups && backups.length === 0 && <Text size="sm">No backups in the folder yet.</Text>}
      {backups && backups.length > 0 && (
        <Table aria-label="Backups" striped withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Taken</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Size</Table.Th>
              <Table.Th>Secrets</Table.Th>
              <Table.Th>
                <VisuallyHidden>Restore</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {backups.map((b) => (
              <Table.Tr key={b.name} title={b.name}>
                <Table.Td>{formatLogTime(b.takenAt)}</Table.Td>
                <Table.Td>
                  {b.version} (schema {b.schemaVersion})
                </Table.Td>
                <Table.Td>{megabytes(b.bytes)}</Table.Td>
                <Table.Td>{b.withSecrets ? 'sealed' : 'not included'}</Table.Td>
                <Table.Td>
                  <Permitted to="retention">
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      onClick={() => setRestoring({ listing: b })}
                      aria-label={`Restore the backup of ${formatLogTime(b.takenAt)}`}
                    >
                      Restore…
                    </Button>
                  </Permitted>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Permitted to="retention">
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Text size="sm" c="dimmed">
            Restoring stops casebridge for a moment; the database in place is kept aside first.
          </Text>
          <Button size="compact-sm" variant="default" onClick={() => setRestoring({ fromFile: true })} style={{ flexShrink: 0 }}>
            Restore from a file…
          </Button>
        </Group>
      </Permitted>
      <RestoreBackupModal choice={restoring} onClose={() => setRestoring(null)} />
    </Stack>
  );
}
