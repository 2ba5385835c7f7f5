import { Alert, Button, Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { TascomiSyncRun, TascomiSyncSettings, TascomiSyncView } from '../../../../shared/domain/tascomi-sync';
import { describeError, fieldErrorsFrom, useApi } from '../../api';

type Outcome = { kind: 'saved' | 'error'; message: string };

/** What one poll came to, in a sentence. */
function describeRun(run: TascomiSyncRun): string {
  const when = new Date(run.startedAt).toLocaleString();
  if (run.error) return `Last poll (${when}) failed: ${run.error}`;
  return `Last poll (${when}): ${run.changed} Service Request(s) changed in Tascomi since ${run.since}; ${run.matched} belong to cases here; ${run.updated} case(s) updated.`;
}

/**
 * Two-way sync: whether casebridge asks Tascomi for Service Requests changed since the last poll and
 * applies the incoming templates to their cases, and how often; "Sync now" polls at once.
 */
export function TascomiSyncForm() {
  const api = useApi();
  const [view, setView] = useState<TascomiSyncView | null>(null);
  const [form, setForm] = useState<TascomiSyncSettings | null>(null);
  const [busy, setBusy] = useState<null | 'loading' | 'saving' | 'syncing'>('loading');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    api
      .call('getTascomiSync')
      .then((loaded) => {
        setView(loaded);
        setForm({ enabled: loaded.enabled, intervalMinutes: loaded.intervalMinutes });
      })
      .catch((error: unknown) => setOutcome({ kind: 'error', message: `Could not load the sync settings: ${describeError(error)}` }))
      .finally(() => setBusy(null));
  }, [api]);

  if (!form) return busy === 'loading' ? <Text>Loading the sync settings…</Text> : <Alert color="red" role="alert">{outcome?.message}</Alert>;

  const save = (event: FormEvent) => {
    event.preventDefault();
    setBusy('saving');
    setOutcome(null);
    setFieldErrors({});
    api
      .call('saveTascomiSync', form)
      .then((saved) => {
        setView(saved);
        setOutcome({ kind: 'saved', message: saved.enabled ? `Saved: Tascomi is polled every ${saved.intervalMinutes} minute(s).` : 'Saved: two-way sync is off.' });
      })
      .catch((error: unknown) => {
        const fields = fieldErrorsFrom(error);
        if (fields) setFieldErrors(fields);
        setOutcome({ kind: 'error', message: fields ? 'Correct the marked field.' : describeError(error) });
      })
      .finally(() => setBusy(null));
  };

  const syncNow = () => {
    setBusy('syncing');
    setOutcome(null);
    api
      .call('runTascomiSync')
      .then(async (run) => {
        setView(await api.call('getTascomiSync'));
        setOutcome(run.error ? { kind: 'error', message: `The poll failed: ${run.error}` } : { kind: 'saved', message: describeRun(run) });
      })
      .catch((error: unknown) => setOutcome({ kind: 'error', message: describeError(error) }))
      .finally(() => setBusy(null));
  };

  return (
    <form onSubmit={save} aria-label="Two-way sync settings" noValidate>
      <Stack gap="sm" maw={640}>
        <Text size="sm" c="dimmed">
          Asks Tascomi for Service Requests changed since the last poll (an officer closed one, added a note) and applies the incoming templates to the cases they
          belong to.
        </Text>
        <Switch label="Poll Tascomi for changes" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })} />
        <NumberInput
          label="Every (minutes)"
          min={1}
          max={1440}
          allowDecimal={false}
          allowNegative={false}
          value={form.intervalMinutes}
          onChange={(value) => {
            setForm({ ...form, intervalMinutes: typeof value === 'number' ? value : Number(value) || 0 });
            setFieldErrors({});
          }}
          error={fieldErrors.intervalMinutes}
          w={200}
        />
        <Group>
          <Button type="submit" loading={busy === 'saving'}>
            Save
          </Button>
          <Button variant="default" onClick={syncNow} loading={busy === 'syncing'}>
            Sync now
          </Button>
        </Group>
        {outcome && (
          <Alert color={outcome.kind === 'saved' ? 'green' : 'red'} role={outcome.kind === 'saved' ? 'status' : 'alert'}>
            {outcome.message}
          </Alert>
        )}
        {view?.lastRun && !outcome && <Text size="sm">{describeRun(view.lastRun)}</Text>}
        {view?.nextRunAt && <Text size="sm" c="dimmed">Next poll at {new Date(view.nextRunAt).toLocaleTimeString()}.</Text>}
      </Stack>
    </form>
  );
}
