import { Button, Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import type { TascomiSyncRun, TascomiSyncSettings, TascomiSyncView } from '../../../../shared/domain/tascomi-sync';
import { useSettingsForm, numberFromInput } from '../../ui/settings-form/use-settings-form';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { SettingsOutcomeAlert } from '../../ui/settings-form/SettingsOutcomeAlert';
import { formatTimeWithZone } from '../../ui/time-format';

/** What one poll came to, in a sentence. */
function describeRun(run: TascomiSyncRun): string {
  const when = formatTimeWithZone(run.startedAt);
  if (run.error) return `Last poll (${when}) failed: ${run.error}`;
  return `Last poll (${when}): ${run.changed} Service Request(s) changed in Tascomi since ${formatTimeWithZone(run.since)}; ${run.matched} belong to cases here; ${run.updated} case(s) updated.`;
}

/**
 * Two-way sync: whether casebridge asks Tascomi for Service Requests changed since the last poll and
 * applies the incoming templates to their cases, and how often; "Sync now" polls at once.
 */
export function TascomiSyncForm() {
  const {
    api,
    view,
    setView,
    values: form,
    set,
    busy,
    outcome,
    setOutcome,
    fieldErrors,
    accept,
    run,
    submit,
    loadState,
  } = useSettingsForm<TascomiSyncView, TascomiSyncSettings, 'syncing'>({
    load: (api) => api.call('getTascomiSync'),
    toForm: (loaded) => ({ enabled: loaded.enabled, intervalMinutes: loaded.intervalMinutes }),
    what: 'the sync settings',
    invalidMessage: 'Correct the marked field.',
  });

  if (!form) return <SettingsLoadState {...loadState} />;

  const save = submit(async (values) => {
    const saved = await api.call('saveTascomiSync', values);
    accept(saved);
    setOutcome({ kind: 'saved', message: saved.enabled ? `Saved: Tascomi is polled every ${saved.intervalMinutes} minute(s).` : 'Saved: two-way sync is off.' });
  });

  // A poll takes no input, so a marked interval stays marked.
  const syncNow = () =>
    void run(
      'syncing',
      async () => {
        const result = await api.call('runTascomiSync');
        setView(await api.call('getTascomiSync'));
        setOutcome(result.error ? { kind: 'error', message: `The poll failed: ${result.error}` } : { kind: 'saved', message: describeRun(result) });
      },
      { keepFieldErrors: true },
    );

  return (
    <form onSubmit={save} aria-label="Two-way sync settings" noValidate>
      <Stack gap="sm" maw={640}>
        <Text size="sm" c="dimmed">
          Asks Tascomi for Service Requests changed since the last poll (an officer closed one, added a note) and applies the incoming templates to the cases they belong to.
        </Text>
        <Switch label="Poll Tascomi for changes" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
        <NumberInput
          label="Every (minutes)"
          min={1}
          max={1440}
          allowDecimal={false}
          allowNegative={false}
          value={form.intervalMinutes}
          onChange={(value) => set('intervalMinutes', numberFromInput(value))}
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
        <SettingsOutcomeAlert outcome={outcome} />
        {view?.lastRun && !outcome && <Text size="sm">{describeRun(view.lastRun)}</Text>}
        {view?.nextRunAt && (
          <Text size="sm" c="dimmed">
            Next poll at {formatTimeWithZone(view.nextRunAt)}.
          </Text>
        )}
      </Stack>
    </form>
  );
}
