import { Alert, Anchor, Button, Group, NumberInput, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import {
  CX_STORED_PASSWORD,
  cxBaseUrlProblem,
  RECOMMENDED_CX_REFRESH_MINUTES,
  type CivicaCxSettingsInput,
  type CivicaCxSettingsView,
  type CxCompany,
  type CxConnectionTestResult,
} from '../../../../shared/domain/civica-cx';
import { useSettingsForm, numberFromInput } from '../../ui/settings-form/use-settings-form';
import { ConnectionTestSteps } from './ConnectionTestSteps';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { storedSecretHint } from './stored-secret-hint';
import { RateLimitFields } from './RateLimitFields';
import { rateLimitMark, rateLimitToSave, type RateLimitDraft } from './rate-limit-draft';
import { formatTimeWithZone } from '../../ui/time-format';
import { ResultInView } from '../../ui/ResultInView';
import { usePolicyLock } from '../../ui/PolicyLock';

type Form = Omit<CivicaCxSettingsInput, 'password' | 'rateLimit'> & { password: string; rateLimit: RateLimitDraft };
/** What is running besides Save. */
type Busy = 'testing' | 'connecting';
type Outcome =
  | { kind: 'saved'; message: string; test?: CxConnectionTestResult }
  | { kind: 'not-saved'; test: CxConnectionTestResult }
  | { kind: 'test'; test: CxConnectionTestResult }
  | { kind: 'companies'; count: number }
  | { kind: 'companies-failed'; reason: string; allowlist: boolean }
  | { kind: 'error'; message: string };

function formFrom(view: CivicaCxSettingsView): Form {
  const { passwordSet: _set, savedAt: _at, ...settings } = view;
  return { ...settings, password: '' };
}

/** The seed's Civica Cx integration settings: connection, Selected company, repairs settings and API refresh. */
export function CivicaCxSettingsForm() {
  const baseUrlLock = usePolicyLock('civicaCx.baseUrl');
  const [companies, setCompanies] = useState<CxCompany[] | null>(null);
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
  } = useSettingsForm<CivicaCxSettingsView, Form, Busy, Outcome>({
    load: (api) =>
      api.call('getCivicaCxSettings').then((loaded) => {
        // A saved, enabled connection offers its companies at once (the seed: "retrieved if the connection is successful").
        if (loaded.enabled && loaded.passwordSet) {
          api
            .call('listCivicaCxCompanies', {})
            .then((found) => found.ok && setCompanies(found.companies))
            .catch(() => {});
        }
        return loaded;
      }),
    toForm: formFrom,
    what: 'the Civica Cx settings',
    validate: rateLimitMark,
  });

  const urlProblem = useMemo(() => (form?.baseUrl ? cxBaseUrlProblem(form.baseUrl) : undefined), [form?.baseUrl]);
  if (!form) return <SettingsLoadState {...loadState} />;

  const probe = (withCompany: boolean) => ({
    baseUrl: form.baseUrl,
    username: form.username,
    ...(form.password ? { password: form.password } : {}),
    ...(withCompany ? { companyCode: form.companyCode } : {}),
  });

  // Saving verifies first: a failed verification is not saved, and the form keeps what was typed.
  const save = submit(async ({ password, rateLimit, ...settings }) => {
    const result = await api.call('saveCivicaCxSettings', { ...settings, rateLimit: rateLimitToSave(rateLimit), ...(password ? { password } : {}) });
    if (result.test?.companies) setCompanies(result.test.companies);
    if (result.saved) {
      accept(result.settings);
      const removed = view?.passwordSet && !result.settings.passwordSet ? ' The saved password was removed: it was only for the old address and username.' : '';
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

  const connect = () =>
    void run('connecting', async () => {
      const found = await api.call('listCivicaCxCompanies', probe(false));
      if (found.ok) {
        setCompanies(found.companies);
        setOutcome({ kind: 'companies', count: found.companies.length });
      } else setOutcome({ kind: 'companies-failed', reason: found.reason ?? 'The companies could not be read.', allowlist: Boolean(found.allowlist) });
    });
  const testApi = () => void run('testing', async () => setOutcome({ kind: 'test', test: await api.call('testCivicaCxConnection', probe(true)) }));

  const disabled = busy !== null;
  const canProbe = Boolean(form.baseUrl && !urlProblem && form.username && (form.password || view?.passwordSet));
  const passwordHint = view
    ? storedSecretHint(CX_STORED_PASSWORD, {
        stored: { set: view.passwordSet, saved: { baseUrl: view.baseUrl, user: view.username } },
        form: { baseUrl: form.baseUrl, user: form.username, typed: form.password, enabled: form.enabled },
      })
    : undefined;
  const companyOptions = [
    ...(companies ?? []).map((c) => ({ value: c.companyCode, label: `${c.name} (${c.companyCode})` })),
    ...(form.companyCode && !(companies ?? []).some((c) => c.companyCode === form.companyCode) ? [{ value: form.companyCode, label: form.companyCode }] : []),
  ];

  return (
    <form onSubmit={save} aria-label="Civica Cx settings" noValidate>
      <Stack gap="sm" maw={640}>
        <Switch
          label="Enable API integration"
          description="Read and raise housing repairs and appointments in Civica Cx"
          checked={form.enabled}
          onChange={(e) => set('enabled', e.currentTarget.checked)}
        />
        <TextInput
          label="API URL"
          {...baseUrlLock.field('The base URL of your Cx instance, e.g. https://cx.yourdomain.com')}
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
          label="Username"
          description="A Cx user with API permissions"
          value={form.username}
          onChange={(e) => set('username', e.currentTarget.value)}
          error={fieldErrors.username}
          required={form.enabled}
          autoComplete="off"
          spellCheck={false}
        />
        <PasswordInput
          label="Password"
          description={
            (!fieldErrors.password && passwordHint) ||
            (view?.passwordSet
              ? 'A password is set. It is never shown again; type a new one only to replace it.'
              : 'Not set yet. Kept apart from the settings in this machine’s protected secret store, and never shown again.')
          }
          placeholder={passwordHint ? 'Type the password again' : view?.passwordSet ? '•••••••• (set)' : ''}
          value={form.password}
          onChange={(e) => set('password', e.currentTarget.value)}
          error={fieldErrors.password}
          autoComplete="new-password"
        />
        <Group align="flex-end" gap="sm">
          <Select
            label="Selected company"
            description={companies ? 'The Cx company casebridge works in' : 'Connect to read the companies of your Cx instance'}
            placeholder={companies ? 'Choose a company' : 'Not connected yet'}
            data={companyOptions}
            value={form.companyCode || null}
            onChange={(value) => set('companyCode', value ?? '')}
            error={fieldErrors.companyCode}
            disabled={companyOptions.length === 0}
            style={{ flex: 1 }}
          />
          <Button variant="default" loading={busy === 'connecting'} disabled={!canProbe || (disabled && busy !== 'connecting')} onClick={connect}>
            Connect
          </Button>
        </Group>

        <Text fw={600} mt="xs">
          Repairs settings
        </Text>
        <TextInput
          placeholder="YYYY-MM-DD"
          spellCheck={false}
          label="Repairs start date"
          description="Only repairs created on or after this date (and their appointments) are shown. A change applies from each customer's next refresh."
          value={form.repairsStartDate}
          onChange={(e) => set('repairsStartDate', e.currentTarget.value)}
          error={fieldErrors.repairsStartDate}
        />
        <Switch
          label="Repair cancellation"
          description="Customers may cancel their repairs (on by default)"
          checked={form.repairCancellation}
          onChange={(e) => set('repairCancellation', e.currentTarget.checked)}
        />
        <NumberInput
          label="Days of notice to cancel an appointment"
          description="0 = an appointment can be cancelled any time before it"
          min={0}
          max={365}
          allowDecimal={false}
          value={form.cancellationNoticeDays}
          onChange={(value) => set('cancellationNoticeDays', numberFromInput(value))}
          error={fieldErrors.cancellationNoticeDays}
        />

        <Text fw={600} mt="xs">
          API refresh
        </Text>
        <NumberInput
          label="API refresh (minutes)"
          description={`Customer data is read live the first time, then served from the cache until it is this old. ${RECOMMENDED_CX_REFRESH_MINUTES} minutes recommended.`}
          min={1}
          max={1440}
          allowDecimal={false}
          value={form.refreshMinutes}
          onChange={(value) => set('refreshMinutes', numberFromInput(value))}
          error={fieldErrors.refreshMinutes}
        />
        <RateLimitFields
          system="Civica Cx"
          calledBy="jobs, the Tenants page (customers, repairs and appointments), the connection checks and network diagnostics"
          value={form.rateLimit}
          onChange={(next) => set('rateLimit', next)}
          refused={fieldErrors.rateLimit}
        />

        <Group mt="xs">
          <Button type="submit" loading={busy === 'saving'} disabled={disabled && busy !== 'saving'}>
            Save
          </Button>
          <Button variant="default" loading={busy === 'testing'} disabled={!canProbe || (disabled && busy !== 'testing')} onClick={testApi}>
            Test API
          </Button>
        </Group>
        {view?.savedAt && (
          <Text size="xs" c="dimmed">
            Last saved {formatTimeWithZone(view.savedAt)}.
          </Text>
        )}
        <ResultInView result={outcome}>
          <CxOutcome outcome={outcome} />
        </ResultInView>
      </Stack>
    </form>
  );
}

function NetworkPointer() {
  return (
    <Text size="sm" mt="xs">
      This workstation’s addresses are on the <Anchor href="#/network">Network page</Anchor>: send them to the Cx administrators to allow.
    </Text>
  );
}

function CxTestSteps({ result, title }: { result: CxConnectionTestResult; title: string }) {
  return (
    <ConnectionTestSteps result={result} title={title}>
      {result.allowlist && <NetworkPointer />}
    </ConnectionTestSteps>
  );
}

function CxOutcome({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  switch (outcome.kind) {
    case 'saved':
      return (
        <Stack gap="xs">
          <Alert color="green" role="status" title={outcome.message} />
          {outcome.test && <CxTestSteps result={outcome.test} title="Verification" />}
        </Stack>
      );
    case 'not-saved':
      return <CxTestSteps result={outcome.test} title="Not saved" />;
    case 'test':
      return <CxTestSteps result={outcome.test} title="Test API" />;
    case 'companies':
      return <Alert color="green" role="status" title={`Connected: ${outcome.count} compan${outcome.count === 1 ? 'y' : 'ies'} found. Choose the Selected company, then save.`} />;
    case 'companies-failed':
      return (
        <Alert color="red" role="alert" title="The companies could not be read">
          {outcome.reason}
          {outcome.allowlist && <NetworkPointer />}
        </Alert>
      );
    case 'error':
      return (
        <Alert color="red" role="alert">
          {outcome.message}
        </Alert>
      );
  }
}
