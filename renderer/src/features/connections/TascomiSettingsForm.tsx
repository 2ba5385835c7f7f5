import { Alert, Button, Group, NumberInput, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import {
  TASCOMI_STORED_KEY,
  tascomiBaseUrlProblem,
  type ApiAccessResult,
  type CodeListSummary,
  type ConnectionTestResult,
  type TascomiSettingsInput,
  type TascomiSettingsView,
  type WriteAccessConfirmation,
} from '../../../../shared/domain/tascomi';
import { applyWriteConfirmation } from '../../../../shared/domain/tascomi-access';
import { ConfirmWriteAccessModal } from './ConfirmWriteAccessModal';
import { WriteAccessConfirmationResult } from './WriteAccessConfirmationResult';
import { useSettingsForm, numberFromInput } from '../../ui/settings-form/use-settings-form';
import { ApiAccessTable } from './ApiAccessTable';
import { CodeListSummaryTable } from './CodeListSummaryTable';
import { ConnectionTestSteps } from './ConnectionTestSteps';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { storedSecretHint } from './stored-secret-hint';
import { RateLimitFields } from './RateLimitFields';
import { rateLimitMark, rateLimitToSave, type RateLimitDraft } from './rate-limit-draft';
import { formatTimeWithZone } from '../../ui/time-format';
import { ResultInView } from '../../ui/ResultInView';
import { usePolicyLock } from '../../ui/PolicyLock';

type Form = Omit<TascomiSettingsInput, 'privateKey' | 'rateLimit'> & { privateKey: string; rateLimit: RateLimitDraft };
/** What is running besides Save. */
type Busy = 'testing' | 'checking' | 'confirming' | 'refreshing';
type Outcome =
  | { kind: 'saved'; message: string; test?: ConnectionTestResult }
  | { kind: 'not-saved'; test: ConnectionTestResult }
  | { kind: 'test'; test: ConnectionTestResult }
  | { kind: 'access'; access: ApiAccessResult; confirmation?: WriteAccessConfirmation }
  | { kind: 'code-lists'; lists: CodeListSummary[] }
  | { kind: 'error'; message: string };

const TIME_ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/London'];
  }
})();

function formFrom(view: TascomiSettingsView): Form {
  const { privateKeySet: _set, savedAt: _at, ...settings } = view;
  return { ...settings, privateKey: '' };
}

/** The seed's General settings for Tascomi, with Save (verified first), Test connection and Check API access. */
export function TascomiSettingsForm() {
  const baseUrlLock = usePolicyLock('tascomi.baseUrl');
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
  } = useSettingsForm<TascomiSettingsView, Form, Busy, Outcome>({
    load: (api) => api.call('getTascomiSettings'),
    toForm: formFrom,
    what: 'the Tascomi settings',
    validate: rateLimitMark,
  });

  /** The access check the confirmation dialog was opened from (null while it is closed). */
  const [asking, setAsking] = useState<ApiAccessResult | null>(null);
  const urlProblem = useMemo(() => (form?.baseUrl ? tascomiBaseUrlProblem(form.baseUrl) : undefined), [form?.baseUrl]);
  if (!form) return <SettingsLoadState {...loadState} />;

  const probe = () => ({
    baseUrl: form.baseUrl,
    publicKey: form.publicKey,
    timeZone: form.timeZone,
    ...(form.privateKey ? { privateKey: form.privateKey } : {}),
  });

  // Saving verifies first: a failed verification is not saved, and the form keeps what was typed.
  const save = submit(async ({ privateKey, rateLimit, ...settings }) => {
    const result = await api.call('saveTascomiSettings', { ...settings, rateLimit: rateLimitToSave(rateLimit), ...(privateKey ? { privateKey } : {}) });
    if (result.saved) {
      accept(result.settings);
      const removed = view?.privateKeySet && !result.settings.privateKeySet ? ' The saved private key was removed: it was only for the old address.' : '';
      setOutcome({
        kind: 'saved',
        message: result.settings.enabled ? 'Saved: the connection was verified.' : `Saved: the integration is disabled.${removed}`,
        ...(result.test ? { test: result.test } : {}),
      });
    } else {
      setView(result.settings);
      if (result.test) setOutcome({ kind: 'not-saved', test: result.test });
    }
  });

  const disabled = busy !== null;
  // Person-started only: the dialog asked first; the check's rows take what the confirmation saw.
  const confirmWriteAccess = () => {
    const checked = asking;
    setAsking(null);
    if (!checked) return;
    void run('confirming', async () => {
      const confirmation = await api.call('confirmTascomiWriteAccess', probe());
      setOutcome({ kind: 'access', access: applyWriteConfirmation(checked, confirmation), confirmation });
    });
  };
  const canProbe = Boolean(form.baseUrl && !urlProblem && form.publicKey && (form.privateKey || view?.privateKeySet));
  const keyHint = view
    ? storedSecretHint(TASCOMI_STORED_KEY, {
        stored: { set: view.privateKeySet, saved: { baseUrl: view.baseUrl, user: view.publicKey } },
        form: { baseUrl: form.baseUrl, user: form.publicKey, typed: form.privateKey, enabled: form.enabled },
      })
    : undefined;

  return (
    <form onSubmit={save} aria-label="Tascomi settings" noValidate>
      <Stack gap="sm" maw={640}>
        <Switch label="Enabled" description="Raise and update Service Requests in Tascomi" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
        <TextInput
          label="API base url"
          {...baseUrlLock.field(
            "The REST API's base address without the version part (/v1/), e.g. https://my-council.idoxcloud.com/rest (or .tascomi.com for a council not yet moved to Idox Cloud)",
          )}
          value={form.baseUrl}
          onChange={(e) => {
            set('baseUrl', e.currentTarget.value);
            // A result was about the address it was run against: it no longer says anything about this one.
            setOutcome(null);
          }}
          error={urlProblem ?? fieldErrors.baseUrl}
          required={form.enabled}
          autoComplete="off"
          spellCheck={false}
        />
        <TextInput
          label="API public key"
          value={form.publicKey}
          onChange={(e) => set('publicKey', e.currentTarget.value)}
          error={fieldErrors.publicKey}
          required={form.enabled}
          autoComplete="off"
          spellCheck={false}
        />
        <PasswordInput
          label="API private key"
          description={
            (!fieldErrors.privateKey && keyHint) ||
            (view?.privateKeySet
              ? 'A private key is set. It is never shown again; type a new one only to replace it.'
              : 'Not set yet. Kept apart from the settings in this machine’s protected secret store, and never shown again.')
          }
          placeholder={keyHint ? 'Type the private key again' : view?.privateKeySet ? '•••••••• (set)' : ''}
          value={form.privateKey}
          onChange={(e) => set('privateKey', e.currentTarget.value)}
          error={fieldErrors.privateKey}
          autoComplete="new-password"
        />
        <Select
          label="Timezone"
          description="Tascomi's own time zone, in Area/Location form; requests are signed with its local time"
          data={TIME_ZONES}
          searchable
          value={form.timeZone}
          onChange={(value) => value && set('timeZone', value)}
          error={fieldErrors.timeZone}
          nothingFoundMessage="No such time zone"
          allowDeselect={false}
        />
        <TextInput
          label="Street Record text"
          description="With a USRN, identifies a street in Tascomi's dtf_locations table"
          value={form.streetRecordText}
          onChange={(e) => set('streetRecordText', e.currentTarget.value)}
          error={fieldErrors.streetRecordText}
        />
        <NumberInput
          label="Code list refresh (seconds)"
          description="How long code lists (request codes, officers…) are kept before they are read again"
          min={0}
          max={604800}
          allowDecimal={false}
          value={form.codeListTtlSeconds}
          onChange={(value) => set('codeListTtlSeconds', numberFromInput(value))}
          error={fieldErrors.codeListTtlSeconds}
        />
        <RateLimitFields
          system="Tascomi"
          calledBy="jobs, two-way sync, template previews, code lists, the connection checks and network diagnostics"
          value={form.rateLimit}
          onChange={(next) => set('rateLimit', next)}
          refused={fieldErrors.rateLimit}
        />
        <Group mt="xs">
          <Button type="submit" loading={busy === 'saving'} disabled={disabled && busy !== 'saving'}>
            Save
          </Button>
          <Button
            variant="default"
            loading={busy === 'testing'}
            disabled={!canProbe || (disabled && busy !== 'testing')}
            onClick={() => void run('testing', async () => setOutcome({ kind: 'test', test: await api.call('testTascomiConnection', probe()) }))}
          >
            Test connection
          </Button>
          <Button
            variant="default"
            loading={busy === 'checking'}
            disabled={!canProbe || (disabled && busy !== 'checking')}
            onClick={() => void run('checking', async () => setOutcome({ kind: 'access', access: await api.call('checkTascomiAccess', probe()) }))}
          >
            Check API access
          </Button>
          <Button
            variant="subtle"
            loading={busy === 'refreshing'}
            disabled={!view?.enabled || (disabled && busy !== 'refreshing')}
            title={view?.enabled ? undefined : 'Save the settings with the integration enabled first'}
            onClick={() => void run('refreshing', async () => setOutcome({ kind: 'code-lists', lists: await api.call('refreshTascomiCodeLists') }))}
          >
            Refresh code lists
          </Button>
        </Group>
        {view?.savedAt && (
          <Text size="xs" c="dimmed">
            Last saved {formatTimeWithZone(view.savedAt)}.
          </Text>
        )}
        {busy === 'confirming' && (
          <Text size="sm" role="status">
            Confirming write access in Tascomi…
          </Text>
        )}
        <ResultInView result={outcome}>
          <Outcome outcome={outcome} onConfirm={canProbe && !disabled ? setAsking : undefined} />
        </ResultInView>
        <ConfirmWriteAccessModal opened={asking !== null} baseUrl={form.baseUrl} onCancel={() => setAsking(null)} onConfirm={confirmWriteAccess} />
      </Stack>
    </form>
  );
}

function Outcome({ outcome, onConfirm }: { outcome: Outcome | null; onConfirm?: (access: ApiAccessResult) => void }) {
  if (!outcome) return null;
  switch (outcome.kind) {
    case 'saved':
      return (
        <Stack gap="xs">
          <Alert color="green" role="status" title={outcome.message} />
          {outcome.test && <ConnectionTestSteps result={outcome.test} title="Verification" />}
        </Stack>
      );
    case 'not-saved':
      return <ConnectionTestSteps result={outcome.test} title="Not saved" />;
    case 'test':
      return <ConnectionTestSteps result={outcome.test} title="Test connection" />;
    case 'access':
      return (
        <Stack gap="xs">
          <ApiAccessTable result={outcome.access} onConfirm={onConfirm && (() => onConfirm(outcome.access))} />
          {outcome.confirmation && <WriteAccessConfirmationResult result={outcome.confirmation} />}
        </Stack>
      );
    case 'code-lists':
      return <CodeListSummaryTable lists={outcome.lists} />;
    case 'error':
      return (
        <Alert color="red" role="alert">
          {outcome.message}
        </Alert>
      );
  }
}
