import { Alert, Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN_CHARS } from '../../../shared/domain/people';
import { issuesByField, postAuth } from './auth-client';
import { checkNewPassword, hasProblems, type FieldProblems } from '../ui/account-form-checks';

type Field = 'current' | 'password' | 'repeat';
const EMPTY = { current: '', password: '', repeat: '' };

/** The signed-in person's own password: the current one, then the new one twice. */
export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [form, setForm] = useState(EMPTY);
  const [problems, setProblems] = useState<FieldProblems<Field>>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: Field, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setProblems(({ [field]: _gone, ...rest }) => rest);
  };
  const close = () => {
    setForm(EMPTY);
    setProblems({});
    setOutcome(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldProblems<Field> = checkNewPassword(form.password, form.repeat);
    if (!form.current) found.current = 'enter the password you signed in with';
    setProblems(found);
    setOutcome(null);
    if (hasProblems(found)) return;
    setBusy(true);
    const answer = await postAuth('/auth/password', { current: form.current, next: form.password });
    setBusy(false);
    if (answer.ok) {
      setForm(EMPTY);
      setOutcome({ ok: true, message: 'Your password is changed. Use the new one next time you sign in.' });
      return;
    }
    const { next, ...others } = issuesByField(answer.issues);
    setProblems({ ...others, ...(next ? { password: next } : {}) });
    setOutcome({ ok: false, message: answer.message });
  };

  return (
    <Modal opened={opened} onClose={close} title="Change your password">
      <form onSubmit={(event) => void submit(event)} aria-label="Change your password" noValidate>
        <Stack gap="sm">
          <PasswordInput
            label="Current password"
            value={form.current}
            onChange={(e) => set('current', e.currentTarget.value)}
            error={problems.current}
            autoComplete="current-password"
            data-autofocus
          />
          <PasswordInput
            label="New password"
            description={`At least ${PASSWORD_MIN_CHARS} characters`}
            value={form.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={problems.password}
            autoComplete="new-password"
          />
          <PasswordInput
            label="New password again"
            value={form.repeat}
            onChange={(e) => set('repeat', e.currentTarget.value)}
            error={problems.repeat}
            autoComplete="new-password"
          />
          {outcome && (
            <Alert color={outcome.ok ? 'green' : 'red'} role={outcome.ok ? 'status' : 'alert'}>
              {outcome.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {outcome?.ok ? 'Close' : 'Cancel'}
            </Button>
            <Button type="submit" loading={busy}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
