import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { ConnectorId, JobSettings } from '../../../../shared/domain/job';
import { ContractCallError, describeError, useApi } from '../../api';

type Field = keyof JobSettings;
/** As typed: '' while a field is empty. */
type Form = Record<Field, number | ''>;

const FIELDS: { key: Field; label: string; description: string; min: number; max: number; decimals: boolean }[] = [
  { key: 'concurrency', label: 'Attempts at once', description: 'How many jobs are sent at the same time (1 to 32).', min: 1, max: 32, decimals: false },
  { key: 'maxAttempts', label: 'Attempts per job', description: 'A job that fails this many times is dead (1 to 50).', min: 1, max: 50, decimals: false },
  { key: 'backoffBaseSeconds', label: 'First retry wait (seconds)', description: 'The first retry waits up to this, doubling each time.', min: 0.1, max: 3600, decimals: true },
  { key: 'backoffCapSeconds', label: 'Longest wait (seconds)', description: 'No retry waits longer than this (up to 86400, a day).', min: 1, max: 86400, decimals: true },
];

/** The engine's objections by setting: the call nests them under `settings.`. */
function settingErrors(error: unknown): Partial<Record<Field, string>> | null {
  if (!(error instanceof ContractCallError) || error.code !== 'invalid_input' || !error.issues?.length) return null;
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of error.issues) {
    const key = issue.path.replace(/^settings\./, '') as Field;
    if (FIELDS.some((f) => f.key === key)) errors[key] ??= issue.message;
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** How a connector's queue behaves: concurrency, attempts and retry waits. New values apply to the next attempts. */
export function JobSettingsForm({ connector, label }: { connector: ConnectorId; label: string }) {
  const api = useApi();
  const [form, setForm] = useState<Form | null>(null);
  const [busy, setBusy] = useState<'loading' | 'saving' | null>('loading');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [outcome, setOutcome] = useState<{ kind: 'saved' | 'error'; message: string } | null>(null);

  useEffect(() => {
    api
      .call('getJobSettings', { connector })
      .then(setForm)
      .catch((error: unknown) => setOutcome({ kind: 'error', message: `Could not load the queue settings: ${describeError(error)}` }))
      .finally(() => setBusy(null));
  }, [api, connector]);

  if (!form) {
    return busy === 'loading' ? (
      <Text size="sm">Loading the queue settings…</Text>
    ) : (
      <Alert color="red" role="alert">
        {outcome?.message}
      </Alert>
    );
  }

  const set = (key: Field, value: number | string) => {
    setForm({ ...form, [key]: typeof value === 'number' ? value : value.trim() === '' ? '' : Number(value) });
    setFieldErrors(({ [key]: _gone, ...rest }) => rest);
    setOutcome(null);
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const empty = FIELDS.filter((f) => form[f.key] === '' || Number.isNaN(form[f.key]));
    if (empty.length > 0) {
      setFieldErrors(Object.fromEntries(empty.map((f) => [f.key, 'enter a number'])));
      setOutcome({ kind: 'error', message: 'Some settings need correcting: see the marked fields.' });
      return;
    }
    setBusy('saving');
    setFieldErrors({});
    api
      .call('saveJobSettings', { connector, settings: form as JobSettings })
      .then((saved) => {
        setForm(saved);
        setOutcome({ kind: 'saved', message: 'Saved: the next attempts use these settings.' });
      })
      .catch((error: unknown) => {
        const errors = settingErrors(error);
        if (errors) {
          setFieldErrors(errors);
          setOutcome({ kind: 'error', message: 'Some settings need correcting: see the marked fields.' });
        } else setOutcome({ kind: 'error', message: describeError(error) });
      })
      .finally(() => setBusy(null));
  };

  return (
    <form onSubmit={save} aria-label={`${label} queue settings`} noValidate>
      <Stack gap="sm">
        <Title order={4} size="h6">
          Sending and retries
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          {FIELDS.map((f) => (
            <NumberInput
              key={f.key}
              label={f.label}
              description={f.description}
              value={form[f.key]}
              onChange={(v) => set(f.key, v)}
              error={fieldErrors[f.key]}
              min={f.min}
              max={f.max}
              // Out-of-range values are kept as typed so the engine's reason shows, not silently changed.
              clampBehavior="none"
              allowNegative={false}
              allowDecimal={f.decimals}
            />
          ))}
        </SimpleGrid>
        <Group>
          <Button type="submit" variant="light" loading={busy === 'saving'}>
            Save settings
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
