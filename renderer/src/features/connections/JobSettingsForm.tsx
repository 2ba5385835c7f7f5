import { Button, Group, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ConnectorId, JobSettings } from '../../../../shared/domain/job';
import { missingNumbers, numberOrEmpty, useSettingsForm } from '../../ui/settings-form/use-settings-form';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { SettingsOutcomeAlert } from '../../ui/settings-form/SettingsOutcomeAlert';

type Field = keyof JobSettings;
/** As typed: '' while a field is empty. */
type Form = Record<Field, number | ''>;

const FIELDS: { key: Field; label: string; description: string; min: number; max: number; decimals: boolean }[] = [
  { key: 'concurrency', label: 'Attempts at once', description: 'How many jobs are sent at the same time (1 to 32).', min: 1, max: 32, decimals: false },
  { key: 'maxAttempts', label: 'Attempts per job', description: 'A job that fails this many times is dead (1 to 50).', min: 1, max: 50, decimals: false },
  { key: 'backoffBaseSeconds', label: 'First retry wait (seconds)', description: 'The first retry waits up to this, doubling each time.', min: 0.1, max: 3600, decimals: true },
  { key: 'backoffCapSeconds', label: 'Longest wait (seconds)', description: 'No retry waits longer than this (up to 86400, a day).', min: 1, max: 86400, decimals: true },
];

/**
 * How a connector's queue behaves: concurrency, attempts and retry waits. New values apply to the next
 * attempts. Shown with the connector's connection settings, where people look for settings.
 */
export function JobSettingsForm({ connector, label }: { connector: ConnectorId; label: string }) {
  const {
    api,
    values: form,
    set,
    busy,
    outcome,
    setOutcome,
    fieldErrors,
    accept,
    submit,
    loadState,
  } = useSettingsForm({
    load: (api) => api.call('getJobSettings', { connector }),
    loadDeps: [connector],
    toForm: (settings: JobSettings): Form => settings,
    what: 'the queue settings',
    // The call nests the settings beside the connector.
    issuePrefix: 'settings.',
    validate: missingNumbers,
    clearOutcomeOnEdit: true,
  });

  if (!form) return <SettingsLoadState {...loadState} size="sm" />;

  const save = submit(async (values) => {
    accept(await api.call('saveJobSettings', { connector, settings: values as JobSettings }));
    setOutcome({ kind: 'saved', message: 'Saved: the next attempts use these settings.' });
  });

  return (
    <form onSubmit={save} aria-label={`${label} queue settings`} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          How many jobs are sent to {label} at once, how often a failing job is tried, and how long it waits between tries.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          {FIELDS.map((f) => (
            <NumberInput
              key={f.key}
              label={f.label}
              description={f.description}
              value={form[f.key]}
              onChange={(v) => set(f.key, numberOrEmpty(v))}
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
        <SettingsOutcomeAlert outcome={outcome} />
      </Stack>
    </form>
  );
}
