import { Alert, Badge, Button, Group, Select, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { ROLE_LABELS, type AccountView, type Role } from '../../../../shared/domain/people';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { Page } from '../../shell/Page';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { formatMinute } from '../../ui/time-format';
import { DisableAccountModal, ResetPasswordModal } from './AccountActionModals';
import { accountState, SIGN_IN_METHODS, type AccountState } from './account-words';
import { AddAccountModal, ROLE_OPTIONS } from './AddAccountModal';
import { SingleSignOnSettings } from './SingleSignOnSettings';

const STATE_COLORS: Record<AccountState['kind'], string> = { enabled: 'teal', disabled: 'gray', locked: 'orange' };

/** The people who may use this server and how they sign in: for administrators. */
export function AccountsPage() {
  const api = useApi();
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [changeError, setChangeError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [adding, add] = useDisclosure(false);
  const [toggling, setToggling] = useState<AccountView | null>(null);
  const [resetting, setResetting] = useState<AccountView | null>(null);

  const load = useCallback(() => {
    api
      .call('listAccounts')
      .then((list) => {
        setAccounts(list);
        setLoadError(null);
      })
      .catch((error: unknown) => setLoadError(describeError(error)));
  }, [api]);
  useEffect(load, [load]);

  /** An account the engine answered after a change takes its row's place. */
  const replace = (account: AccountView) => setAccounts((list) => (list ?? []).map((a) => (a.id === account.id ? account : a)));

  const changeRole = async (account: AccountView, role: Role) => {
    setChangeError(null);
    setNotice(null);
    try {
      replace(await api.call('updateAccount', { id: account.id, role }));
      setNotice(`${account.displayName} is now ${ROLE_LABELS[role]}. Any console they have open is signed out, so the new role applies when they sign in again.`);
    } catch (error) {
      setChangeError(error);
    }
  };

  return (
    <Page title="Accounts" description="Who may use this server, with which role, and how they sign in. Every action in the log carries the name of the person who took it.">
      <Group justify="space-between">
        <Title order={2} size="h4">
          People
        </Title>
        <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={add.open}>
          Add account
        </Button>
      </Group>
      {loadError && (
        <Alert color="red" role="alert">
          {loadError}
        </Alert>
      )}
      {changeError !== null && <RefusalAlert error={changeError} title="Not changed" />}
      {notice && (
        <Alert color="teal" role="status">
          {notice}
        </Alert>
      )}
      {accounts === null && !loadError && <Text>Loading the accounts…</Text>}
      {accounts && <AccountsTable accounts={accounts} onRole={(a, r) => void changeRole(a, r)} onToggle={setToggling} onReset={setResetting} />}
      <SingleSignOnSettings />
      <AddAccountModal opened={adding} onClose={add.close} onAdded={(account) => setAccounts((list) => [...(list ?? []), account])} />
      <DisableAccountModal account={toggling} onClose={() => setToggling(null)} onChanged={replace} />
      <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} onChanged={replace} />
    </Page>
  );
}

function AccountsTable({
  accounts,
  onRole,
  onToggle,
  onReset,
}: {
  accounts: AccountView[];
  onRole: (account: AccountView, role: Role) => void;
  onToggle: (account: AccountView) => void;
  onReset: (account: AccountView) => void;
}) {
  if (accounts.length === 0) return <Text c="dimmed">No accounts yet.</Text>;
  const now = Date.now();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover aria-label="Accounts" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>User name</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Signs in with</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((account) => {
            const state = accountState(account, now);
            return (
              <Table.Tr key={account.id}>
                <Table.Th scope="row" fw={500}>
                  {account.displayName}
                </Table.Th>
                <Table.Td>{account.username}</Table.Td>
                <Table.Td>
                  {account.source === 'local' ? (
                    <Select
                      size="xs"
                      w={150}
                      data={ROLE_OPTIONS}
                      value={account.role}
                      onChange={(role) => role && role !== account.role && onRole(account, role as Role)}
                      allowDeselect={false}
                      aria-label={`Role of ${account.displayName}`}
                    />
                  ) : (
                    // The identity provider sets it again at every sign-in (the groups under Single sign-on).
                    <Text size="sm">
                      {ROLE_LABELS[account.role]}{' '}
                      <Text span size="xs" c="dimmed">
                        from their groups
                      </Text>
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{SIGN_IN_METHODS[account.source]}</Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLORS[state.kind]} variant="light" tt="none">
                    {state.words}
                  </Badge>
                </Table.Td>
                <Table.Td>{account.lastSignInAt ? formatMinute(account.lastSignInAt) : 'Never'}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap" justify="flex-end">
                    {account.source === 'local' && (
                      <Button size="xs" variant="default" onClick={() => onReset(account)} aria-label={`Reset ${account.displayName}'s password`}>
                        Reset password
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="default"
                      color={account.disabled ? undefined : 'red'}
                      onClick={() => onToggle(account)}
                      aria-label={`${account.disabled ? 'Enable' : 'Disable'} ${account.displayName}`}
                    >
                      {account.disabled ? 'Enable' : 'Disable'}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
