import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type AccountView, type Role } from '../../../../shared/domain/people';
import { useApi } from '../../api/api-context';
import { fieldErrorsFrom } from '../../api/contract-call-error';
import { checkPerson, hasProblems, type FieldProblems } from '../../ui/account-form-checks';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { firstPassword } from './account-words';
import { OneTimePassword } from './OneTimePassword';

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

type Field = 'displayName' | 'username';
const EMPTY = { displayName: '', username: '', role: 'viewer' as Role };

/** A new local account with a first password generated here and shown once. */
export function AddAccountModal({ opened, onClose, onAdded }: { opened: boolean; onClose: () => void; onAdded: (account: AccountView) => void }) {
  const api = useApi();
  const [form, setForm] = useState(EMPTY);
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<FieldProblems<Field>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<AccountView | null>(null);
  useEffect(() => {
    if (!opened) return;
    setForm(EMPTY);
    setPassword(firstPassword());
    setProblems({});
    setError(null);
    setAdded(null);
  }, [opened]);

  const set = (field: Field, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setProblems(({ [field]: _gone, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkPerson(form);
    setProblems(found);
    setError(null);
    if (hasProblems(found)) return;
    setBusy(true);
    try {
      const account = await api.call('createAccount', { displayName: form.displayName.trim(), username: form.username.trim(), role: form.role, password });
      setAdded(account);
      onAdded(account);
    } catch (e) {
      setProblems((fieldErrorsFrom(e) ?? {}) as FieldProblems<Field>);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Add an account">
      {added ? (
        <OneTimePassword who={added.displayName} password={password} onDone={onClose} />
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-label="Add an account" noValidate>
          <Stack gap="sm">
            <TextInput
              label="Name"
              description="As it appears in the log beside what they do"
              value={form.displayName}
              onChange={(e) => set('displayName', e.currentTarget.value)}
              error={problems.displayName}
              data-autofocus
            />
            <TextInput
              label="User name"
              description="What they type to sign in"
              value={form.username}
              onChange={(e) => set('username', e.currentTarget.value)}
              error={problems.username}
              spellCheck={false}
              autoComplete="off"
            />
            <Select label="Role" data={ROLE_OPTIONS} value={form.role} onChange={(role) => role && setForm((f) => ({ ...f, role: role as Role }))} allowDeselect={false} />
            {error !== null && <RefusalAlert error={error} title="Not added" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Add account
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
