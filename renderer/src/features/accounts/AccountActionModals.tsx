import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AccountView } from '../../../../shared/domain/people';
import { useApi } from '../../api/api-context';
import type { Api } from '../../api/create-api';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { firstPassword } from './account-words';
import { OneTimePassword } from './OneTimePassword';

/** One change to an account, run with a busy flag and its refusal kept to show; both start over for each account. */
function useAccountChange(account: AccountView | null) {
  const api = useApi();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(null), [account]);
  const run = async (change: (api: Api, account: AccountView) => Promise<void>) => {
    if (!account) return;
    setBusy(true);
    setError(null);
    try {
      await change(api, account);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/**
 * Disabling takes effect at once (the person's open consoles are signed out), so it is confirmed,
 * naming the person; Cancel has the focus so that Enter does not disable anyone.
 */
export function DisableAccountModal({ account, onClose, onChanged }: { account: AccountView | null; onClose: () => void; onChanged: (account: AccountView) => void }) {
  const { error, busy, run } = useAccountChange(account);
  const disabling = account ? !account.disabled : true;
  const confirm = () =>
    run(async (api, { id }) => {
      onChanged(await api.call('updateAccount', { id, disabled: disabling }));
      onClose();
    });

  const name = account?.displayName ?? '';
  return (
    <Modal opened={account !== null} onClose={onClose} title={disabling ? `Disable ${name}'s account?` : `Enable ${name}'s account?`}>
      <Stack>
        <Text>
          {disabling
            ? `${name} (${account?.username ?? ''}) cannot sign in until an administrator enables the account again. Any console they have open is signed out at once.`
            : `${name} (${account?.username ?? ''}) can sign in again with their password or single sign-on.`}
        </Text>
        {error !== null && <RefusalAlert error={error} title="Not changed" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color={disabling ? 'red' : undefined} onClick={() => void confirm()} loading={busy}>
            {disabling ? 'Disable' : 'Enable'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** A new first password for a local account, shown once; it also unlocks the account and signs its consoles out. */
export function ResetPasswordModal({ account, onClose, onChanged }: { account: AccountView | null; onClose: () => void; onChanged: (account: AccountView) => void }) {
  const { error, busy, run } = useAccountChange(account);
  const [password, setPassword] = useState<string | null>(null);
  useEffect(() => setPassword(null), [account]);
  const confirm = () =>
    run(async (api, { id }) => {
      const next = firstPassword();
      onChanged(await api.call('resetAccountPassword', { id, password: next }));
      setPassword(next);
    });

  const name = account?.displayName ?? '';
  return (
    <Modal opened={account !== null} onClose={onClose} title={`Reset ${name}'s password?`}>
      {password ? (
        <OneTimePassword who={name} password={password} onDone={onClose} />
      ) : (
        <Stack>
          <Text>
            {name} ({account?.username ?? ''}) gets a new password, shown here once. Their old one stops working, a lock after failed sign-ins is lifted, and any console they have
            open is signed out.
          </Text>
          {error !== null && <RefusalAlert error={error} title="Not reset" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button onClick={() => void confirm()} loading={busy}>
              Reset password
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
