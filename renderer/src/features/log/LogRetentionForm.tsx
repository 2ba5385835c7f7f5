import { Button, Group, NumberInput, Stack } from '@mantine/core';
import type { LogSettings } from '../../../../shared/domain/log-filter';
import { missingNumbers, numberOrEmpty, useSettingsForm } from '../../ui/settings-form/use-settings-form';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { SettingsOutcomeAlert } from '../../ui/settings-form/SettingsOutcomeAlert';
import { usePolicyLock } from '../../ui/PolicyLock';

type Form = Record<keyof LogSettings, number | ''>;

/** How long the log is kept: entries older than N days, and beyond M entries, are removed (oldest first). */
export function LogRetentionForm() {
  const daysLock = usePolicyLock('logRetention.keepDays');
  const entriesLock = usePolicyLock('logRetention.keepEntries');
  const {
    api,
    values: form,
    set,
    busy,
    outcome,
    setOutcome,
    fieldErrors: errors,
    accept,
    submit,
    loadState,
  } = useSettingsForm({
    load: (api) => api.call('getLogSettings'),
    toForm: (settings: LogSettings): Form => settings,
    what: 'the retention settings',
    validate: missingNumbers,
    clearOutcomeOnEdit: true,
  });

  if (!form) return <SettingsLoadState {...loadState} size="sm" />;

  const save = submit(async (values) => {
    const saved = await api.call('saveLogSettings', values as LogSettings);
    accept(saved);
    setOutcome({ kind: 'saved', message: `Saved: entries older than ${saved.keepDays} day(s), and beyond the newest ${saved.keepEntries.toLocaleString('en-GB')}, are removed.` });
  });

  return (
    <form onSubmit={save} aria-label="Log retention" noValidate>
      <Stack gap="sm">
        <Group align="flex-start" grow maw={640}>
          <NumberInput
            label="Keep entries for (days)"
            {...daysLock.field('Older entries are removed (1 to 3650).')}
            value={form.keepDays}
            onChange={(v) => set('keepDays', numberOrEmpty(v))}
            error={errors.keepDays}
            min={1}
            max={3650}
            clampBehavior="none"
            allowNegative={false}
            allowDecimal={false}
          />
          <NumberInput
            label="Keep at most (entries)"
            {...entriesLock.field('The oldest go first (at least 10,000).')}
            value={form.keepEntries}
            onChange={(v) => set('keepEntries', numberOrEmpty(v))}
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
        <SettingsOutcomeAlert outcome={outcome} />
      </Stack>
    </form>
  );
}
