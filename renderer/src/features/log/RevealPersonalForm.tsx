import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ACCESS_REASON_MAX, AccessReasonSchema } from '../../../../shared/domain/access-audit';
import { describeError, fieldErrorsFrom } from '../../api/contract-call-error';

/**
 * Asks why before personal details are revealed (councils' audit policies ask for a reason): the
 * reason is checked here as the engine checks it, and the engine's own refusal is shown on the field.
 */
export function RevealPersonalForm({ onReveal, onCancel }: { onReveal: (reason: string) => Promise<void>; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = AccessReasonSchema.safeParse(reason);
    if (!checked.success) return setError(checked.error.issues[0]?.message ?? 'say why');
    setBusy(true);
    try {
      await onReveal(checked.data);
    } catch (e) {
      setError(fieldErrorsFrom(e)?.reason ?? describeError(e));
      setBusy(false);
    }
  };

  return (
    <form aria-label="Reveal personal details" onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="xs">
        <Textarea
          label="Why do you need to see them?"
          description="Recorded in the access audit with your name, e.g. a complaint or ticket number."
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          maxLength={ACCESS_REASON_MAX}
          autosize
          minRows={2}
          required
          autoFocus
        />
        <Group gap="xs">
          <Button type="submit" size="compact-sm" loading={busy}>
            Reveal
          </Button>
          <Button variant="default" size="compact-sm" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
