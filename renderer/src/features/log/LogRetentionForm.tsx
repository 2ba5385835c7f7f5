import { Alert, Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { LogSettings } from '../../../../shared/domain/log-filter';
import { describeError, fieldErrorsFrom, useApi } from '../../api';

type Form = Record<keyof LogSettings, number | ''>;

/** How long the log is kept: entries older than N days, and beyond M entries, are removed (oldest first). */
export function LogRetentionForm() {
  const api = useApi();
  const [form, setForm] = useState<Form | null>(null);
  const [busy, setBusy] = useState<'loading' | 'saving' | null>('loading');
  const [errors, setErrors] = useState<Partial<Record<keyof LogSettings, string>>>({});
  const [outcome, setOutcome] = useState<{ kind: 'saved' | 'error'; message: string } | null>(null);

  useEffect(() => {
    api
      .call('getLogSettings')
      .then(setForm)
      .catch((error: unknown) => setOutcome({ kind: 'error', message: `Could not load the retention settings: ${describeError(error)}` }))
      .finally(() => setBusy(null));
  }, [api]);

  if (!form) {
    return busy === 'loading' ? (
      <Text size="sm">Loading the retention settings…</Text>
    ) : (
      <Alert color="red" role="alert">
        {outcome?.message}
      </Alert>
    );
  }

  const set = (key: keyof LogSettings, value: number | string) => {
    setForm({ ...form, [key]: typeof value === 'number' ? value : value.trim() === '' ? '' : Number(value) });
    setErrors(({ [key]: _gone, ...rest }) => rest);
    setOutcome(null);
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const empty = (Object.keys(form) as (keyof LogSettings)[]).filter((key) => form[key] === '');
    if (empty.length > 0) {
      setErrors(Object.fromEntries(empty.map((key) => [key, 'enter a number'])));
      setOutcome({ kind: 'error', message: 'Some settings need correcting: see the marked fields.' });
      return;
    }
    setBusy('saving');
    setErrors({});
    setOutcome(null);
    api
      .call('saveLogSettings', form as LogSettings)
      .then((saved) => {
        setForm(saved);
        setOutcome({ kind: 'saved', message: `Saved: entries older than ${saved.keepDays} day(s), and beyond the newest ${saved.keepEntries.toLocaleString('en-GB')}, are removed.` });
      })
      .catch((error: unknown) => {
        const fields = fieldErrorsFrom(error);
        if (fields) {
          setErrors(fields);
          setOutcome({ kind: 'error', message: 'Some settings need correcting: see the marked fields.' });
        } else setOutcome({ kind: 'error', message: describeError(error) });
      })
      .finally(() => setBusy(null));
  };

  return (
    <form onSubmit={save} aria-label="Log retention" noValidate>
      <Stack gap="sm">
        <Group align="flex-start" grow maw={640}>
          <NumberInput
            label="Keep entries for (days)"
            description="Older entries are removed (1 to 3650)."
            value={form.keepDays}
            onChange={(v) => set('keepDays', v)}
            error={errors.keepDays}
            min={1}
            max={3650}
            clampBehavior="none"
            allowNegative={false}
            allowDecimal={false}
          />
          <NumberInput
            label="Keep at most (entries)"
            description="The oldest go first (at least 10,000)."
            value={form.keepEntries}
            onChange={(v) => set('keepEntries', v)}
            error={errors.keepEntries}
            min={10_000}
            max={20_000_000}
            step={100_000}
            thousandSeparator=","
            clampBehavior="none"
            allowNegative={false}
            allowDecimal={false}
          />
        </Group>
        <Group>
          <Button type="submit" variant="light" loading={busy === 'saving'}>
            Save retention
          </Button>
        </Group>
        {outcome && (
          <Alert color={outcome.kind === 'saved' ? 'green' : 'red'} role={outcome.kind === 'saved' ? 'status' : 'alert'}>
            {outcome.message}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
