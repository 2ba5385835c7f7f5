import { Alert, Button, Group, List, Loader, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BackupListing, RestoreStarted } from '../../../../shared/domain/backup';
import { useApi } from '../../api/api-context';
import type { Api } from '../../api/create-api';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { formatLogTime } from '../../ui/time-format';

/** A backup from the list, or (no listing) a file the person names by its full path. */
export type RestoreChoice = { listing: BackupListing } | { fromFile: true };

const RETRY_MS = 1000;

/**
 * Waits until a new engine answers (its start time differs from the one before the restore), then
 * reloads the console so every page reads the restored database. Calls fail while the engine is
 * down; they are tried again each second.
 */
async function waitForNewEngine(api: Api, startedBefore: string, stopped: () => boolean): Promise<void> {
  while (!stopped()) {
    try {
      const info = await api.call('getAppInfo');
      if (info.startedAt !== startedBefore) return window.location.reload();
    } catch {
      // The engine is stopping or starting: ask again in a moment.
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/**
 * Restoring replaces everything casebridge holds, so the dialog says what happens, step by step, and
 * what is kept; the engine refuses a backup it cannot restore before anything stops. Cancel has the
 * focus. Once the engine answers, the dialog stays until the new engine does, then the console reloads.
 */
export function RestoreBackupModal({ choice, onClose }: { choice: RestoreChoice | null; onClose: () => void }) {
  const api = useApi();
  const [path, setPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<{ restore: RestoreStarted; engineStartedAt: string } | null>(null);
  useEffect(() => {
    setPath('');
    setPassphrase('');
    setError(null);
    setStarted(null);
  }, [choice]);
  useEffect(() => {
    if (!started) return;
    let stopped = false;
    void waitForNewEngine(api, started.engineStartedAt, () => stopped);
    return () => {
      stopped = true;
    };
  }, [api, started]);

  if (!choice) return null;
  const listing = 'listing' in choice ? choice.listing : undefined;
  const askPassphrase = listing ? listing.withSecrets : true;

  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      const before = await api.call('getAppInfo');
      const input = {
        ...(listing ? { name: listing.name } : { path: path.trim() }),
        ...(passphrase !== '' ? { passphrase } : {}),
      };
      setStarted({ restore: await api.call('restoreBackup', input), engineStartedAt: before.startedAt });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const title = listing ? `Restore the backup of ${formatLogTime(listing.takenAt)}` : 'Restore a backup from a file';
  if (started) {
    return (
      <Modal opened onClose={() => undefined} withCloseButton={false} closeOnEscape={false} closeOnClickOutside={false} title={title} size="lg">
        <Stack>
          <Group gap="sm" wrap="nowrap" role="status">
            <Loader size="sm" />
            <Text>Restoring: casebridge is stopping, putting the backup in place and starting again. This console reconnects by itself.</Text>
          </Group>
          {started.restore.secrets === 'kept current' && (
            <Text size="sm">The backup&apos;s sealed secrets are not restored (no passphrase): the passwords and keys saved now stay.</Text>
          )}
        </Stack>
      </Modal>
    );
  }
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <Stack>
        {listing ? (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {listing.name}: casebridge {listing.version}, schema {listing.schemaVersion}.
          </Text>
        ) : (
          <TextInput
            label="Backup file"
            description="Its full path, for example D:\casebridge-backups\casebridge-20261201T020000000Z-v1.4.0-schema20.sqlite"
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            maxLength={1000}
          />
        )}
        <Text>What happens:</Text>
        <List size="sm" spacing={4} type="ordered">
          <List.Item>casebridge checks the backup first; nothing stops if it cannot be restored.</List.Item>
          <List.Item>The engine stops: jobs being sent finish or go back to the queue, and every console loses its connection for a moment.</List.Item>
          <List.Item>The database in place now is kept aside as casebridge.sqlite.before-restore-&lt;time&gt; in the data folder, never deleted.</List.Item>
          <List.Item>The backup is put in its place and the engine starts again on it; every console reconnects.</List.Item>
        </List>
        <Alert color="yellow" role="note" title="Everything since the backup is gone from casebridge">
          Cases, jobs, log entries and settings saved after the backup was taken are not in it. If something goes wrong, casebridge puts the database back as it was and says so.
        </Alert>
        {askPassphrase && (
          <PasswordInput
            label="Passphrase (to restore sealed secrets)"
            description={
              listing
                ? 'This backup holds passwords and keys sealed with a passphrase. Leave it empty to keep the ones saved now.'
                : 'Only if the backup holds sealed secrets; leave it empty to keep the passwords and keys saved now.'
            }
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            autoComplete="off"
            maxLength={1000}
          />
        )}
        {error !== null && <RefusalAlert error={error} title="Not restored" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color="red" loading={busy} disabled={!listing && path.trim() === ''} onClick={() => void restore()}>
            Stop casebridge and restore
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
