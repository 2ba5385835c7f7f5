import { Button, Group, NumberInput, Stack } from '@mantine/core';
import { CASE_RETENTION_MAX_DAYS, type CaseRetention } from '../../../../shared/domain/case-erasure';
import { missingNumbers, numberOrEmpty, useSettingsForm } from '../../ui/settings-form/use-settings-form';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { SettingsOutcomeAlert } from '../../ui/settings-form/SettingsOutcomeAlert';
import { usePolicyLock } from '../../ui/PolicyLock';

type Form = Record<keyof CaseRetention, number | ''>;

/** How long a case's personal data is kept after its last job finished; then it is erased automatically. */
export function CaseRetentionForm() {
  const daysLock = usePolicyLock('caseRetention.days');
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
    load: (api) => api.call('getCaseRetention'),
    toForm: (settings: CaseRetention): Form => settings,
    what: 'the case retention setting',
    validate: missingNumbers,
    clearOutcomeOnEdit: true,
  });

  if (!form) return <SettingsLoadState {...loadState} size="sm" />;

  const save = submit(async (values) => {
    const saved = await api.call('saveCaseRetention', values as CaseRetention);
    accept(saved);
    setOutcome({ kind: 'saved', message: `Saved: a case's personal data is erased ${saved.days} day(s) after its last job finished.` });
  });

  return (
    <form onSubmit={save} aria-label="Case retention" noValidate>
      <Stack gap="sm">
        <NumberInput
          label="Erase personal data after (days)"
          {...daysLock.field(
            `Days after a case's last job finished, or its last change when it has no jobs; never while a job is queued or running (1 to ${CASE_RETENTION_MAX_DAYS}). The Service Requests in Tascomi are not touched.`,
          )}
          value={form.days}
          onChange={(v) => set('days', numberOrEmpty(v))}
          error={errors.days}
          min={1}
          max={CASE_RETENTION_MAX_DAYS}
          clampBehavior="none"
          allowNegative={false}
          allowDecimal={false}
          maw={640}
        />
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
