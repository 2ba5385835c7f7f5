import { Alert, Button, Code, Divider, Group, NumberInput, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { BACKUP_KEEP_MAX, type BackupListing, type BackupSettings } from '../../../../shared/domain/backup';
import { describeError } from '../../api/contract-call-error';
import { Permitted } from '../../ui/Permitted';
import { numberOrEmpty, useSettingsForm } from '../../ui/settings-form/use-settings-form';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { SettingsOutcomeAlert } from '../../ui/settings-form/SettingsOutcomeAlert';
import { formatLogTime } from '../../ui/time-format';
import { usePolicyLock } from '../../ui/PolicyLock';

type Form = Omit<BackupSettings, 'keep'> & { keep: number | '' };

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/**
 * The About panel's "Backups": the daily backup's settings, "Back up now" and the backups in the
 * folder. Restoring replaces the database under a stopped engine, so it is the command line's.
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
  const [runOutcome, setRunOutcome] = useState<{ kind: 'saved' | 'error'; message: string } | null>(null);

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
    try {
      const taken = await api.call('runBackup', {});
      setRunOutcome({ kind: 'saved', message: `Backed up to ${taken.name} (${megabytes(taken.bytes)}) in ${taken.folder}.` });
    } catch (error) {
      setRunOutcome({ kind: 'error', message: `The backup failed: ${describeError(error)}` });
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
            {running && <Text size="sm">Backing up: the engine keeps working meanwhile…</Text>}
            {runOutcome && (
              <Alert color={runOutcome.kind === 'saved' ? 'green' : 'red'} role={runOutcome.kind === 'saved' ? 'status' : 'alert'} style={{ overflowWrap: 'anywhere' }}>
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
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="sm" c="dimmed">
        To restore one, stop casebridge, then run <Code>casebridge restore FILE</Code> (see Backups in the README). The database in place is kept aside first.
      </Text>
    </Stack>
  );
}
