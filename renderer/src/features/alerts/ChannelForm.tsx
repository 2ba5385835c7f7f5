import { Alert, Button, Group, NativeSelect, NumberInput, PasswordInput, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import {
  ALERT_CHANNEL_KIND_LABELS,
  ALERT_CHANNEL_KINDS,
  ALERT_CHANNEL_SECRET_LABELS,
  SMTP_SECURITY,
  type AlertChannelKind,
  type AlertChannelView,
  type AlertSettingsView,
  type AlertTestResult,
  type SmtpSecurity,
} from '../../../../shared/domain/alerts';
import { useApi } from '../../api/api-context';
import { ContractCallError, describeError } from '../../api/contract-call-error';
import { ConfirmDeleteModal } from '../../ui/ConfirmDeleteModal';
import { fieldErrorsByPath, NEEDS_CORRECTING, numberOrEmpty, sameValues, type FieldErrors } from '../../ui/settings-form/use-settings-form';
import { useUnsavedWork } from '../../ui/use-unsaved-work';
import {
  addressesFrom,
  blankChannelForm,
  draftFromForm,
  formFromChannel,
  namingAddresses,
  secretHint,
  SEND_FAILURE_LABELS,
  SMTP_SECURITY_LABELS,
  type ChannelForm as Form,
} from './channel-form';
import { useFocusFirstError } from './use-focus-first-error';

const FIELDS = Object.keys(blankChannelForm()) as (keyof Form)[];

type Outcome = { kind: 'saved'; message: string } | { kind: 'error'; message: string } | { kind: 'test'; result: AlertTestResult };

/**
 * One channel, new or saved: its kind's fields, Save channel, Send test alert (the form as it
 * stands, saved or not: the engine sends through it now and says what went wrong) and Delete.
 * The secret is never read back; the field says whether one is kept.
 */
export function ChannelForm({
  channel,
  onSaved,
  onDeleted,
  onClose,
}: {
  /** Undefined for a new channel. */
  channel: AlertChannelView | undefined;
  onSaved: (channel: AlertChannelView) => void;
  onDeleted: (view: AlertSettingsView) => void;
  onClose: () => void;
}) {
  const api = useApi();
  const [saved, setSaved] = useState<Form>(() => (channel ? formFromChannel(channel) : blankChannelForm()));
  const [form, setForm] = useState<Form>(saved);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Form>>({});
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [refusals, setRefusals] = useState(0);
  const [deleting, setDeleting] = useState<AlertChannelView | null>(null);
  const formRef = useFocusFirstError(refusals);
  // A kept secret is one of the saved kind: a Teams URL is no SMTP password.
  const secretSet = channel !== undefined && channel.secretSet && channel.kind === form.kind;
  const dirty = !sameValues(form, saved);
  useUnsavedWork(dirty, 'the changes to the alert channel');

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setFieldErrors(({ [key]: _gone, ...rest }) => rest);
  };

  /** The channel call's input: a blank secret keeps the stored one. */
  const input = () => ({ ...(channel ? { id: channel.id } : {}), channel: draftFromForm(form), ...(form.secret !== '' ? { secret: form.secret } : {}) });

  /** Runs a call; its objections go under the fields they name (`channel.host` is the host field) and the first takes the focus. */
  const run = async (kind: 'saving' | 'testing', action: () => Promise<void>) => {
    setBusy(kind);
    setOutcome(null);
    setFieldErrors({});
    try {
      await action();
    } catch (error) {
      const addresses = form.kind === 'email' ? addressesFrom(form.to) : [];
      const named =
        error instanceof ContractCallError && error.issues ? new ContractCallError(error.callName, error.code, error.reason, namingAddresses(error.issues, addresses)) : error;
      const fields = fieldErrorsByPath(named, FIELDS, 'channel.');
      if (fields) {
        setFieldErrors(fields);
        setRefusals((n) => n + 1);
      }
      setOutcome({ kind: 'error', message: fields ? NEEDS_CORRECTING : describeError(error) });
    } finally {
      setBusy(null);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run('saving', async () => {
      const answer = await api.call('saveAlertChannel', input());
      const next = formFromChannel(answer);
      setSaved(next);
      setForm(next);
      onSaved(answer);
      setOutcome({ kind: 'saved', message: `Saved: ${answer.name}${answer.enabled ? '' : ' (switched off: it sends nothing)'}.` });
    });
  };

  const test = () =>
    void run('testing', async () => {
      setOutcome({ kind: 'test', result: await api.call('testAlertChannel', input()) });
    });

  const changeKind = (kind: AlertChannelKind) => {
    set('kind', kind);
    // What was typed as one kind's secret is never another's.
    set('secret', '');
  };

  const secretLabel = ALERT_CHANNEL_SECRET_LABELS[form.kind];
  const title = channel ? `Edit ${channel.name}` : 'New channel';

  return (
    <Stack gap="sm" component="section" aria-labelledby="alert-channel-form-heading">
      <Title order={3} size="h5" id="alert-channel-form-heading">
        {title}
      </Title>
      <form ref={formRef} onSubmit={save} aria-label="Alert channel" noValidate>
        <Stack gap="sm" maw={640}>
          <TextInput
            label="Name"
            description="How rules and deliveries name it, such as Support team email."
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={fieldErrors.name}
            autoComplete="off"
          />
          <Switch label="Enabled" description="A channel switched off sends nothing." checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
          <NativeSelect
            label="Kind"
            value={form.kind}
            onChange={(e) => changeKind(e.currentTarget.value as AlertChannelKind)}
            data={ALERT_CHANNEL_KINDS.map((kind) => ({ value: kind, label: ALERT_CHANNEL_KIND_LABELS[kind] }))}
            error={fieldErrors.kind}
          />
          {form.kind === 'email' && (
            <>
              <TextInput
                label="Host"
                description="The council's SMTP relay, such as smtp.council.gov.uk."
                value={form.host}
                onChange={(e) => set('host', e.currentTarget.value)}
                error={fieldErrors.host}
                autoComplete="off"
                spellCheck={false}
              />
              <Group grow align="flex-start">
                <NumberInput
                  label="Port"
                  description="587 for STARTTLS, 465 for TLS, 25 for a relay on the council's network."
                  min={1}
                  max={65535}
                  allowDecimal={false}
                  allowNegative={false}
                  value={form.port}
                  onChange={(value) => set('port', numberOrEmpty(value))}
                  error={fieldErrors.port}
                />
                <NativeSelect
                  label="Security"
                  description="How the connection to the relay is protected."
                  value={form.security}
                  onChange={(e) => set('security', e.currentTarget.value as SmtpSecurity)}
                  data={SMTP_SECURITY.map((s) => ({ value: s, label: SMTP_SECURITY_LABELS[s] }))}
                  error={fieldErrors.security}
                />
              </Group>
              <TextInput
                label="User name (optional)"
                description="Empty when the relay takes mail from this machine without a sign-in."
                value={form.username}
                onChange={(e) => set('username', e.currentTarget.value)}
                error={fieldErrors.username}
                autoComplete="off"
                spellCheck={false}
              />
            </>
          )}
          {form.kind === 'webhook' && (
            <TextInput
              label="URL"
              description="Where each alert is posted as JSON, https:// in full."
              value={form.url}
              onChange={(e) => set('url', e.currentTarget.value)}
              error={fieldErrors.url}
              autoComplete="off"
              spellCheck={false}
            />
          )}
          <PasswordInput
            label={secretLabel}
            description={secretHint(form.kind, secretSet)}
            placeholder={secretSet ? '•••••••• (kept)' : ''}
            value={form.secret}
            onChange={(e) => set('secret', e.currentTarget.value)}
            error={fieldErrors.secret}
            autoComplete="new-password"
          />
          {form.kind === 'email' && (
            <>
              <TextInput
                label="From"
                description="The address alerts come from; the relay must allow it."
                value={form.from}
                onChange={(e) => set('from', e.currentTarget.value)}
                error={fieldErrors.from}
                autoComplete="off"
                spellCheck={false}
              />
              <Textarea
                label="To"
                description="One address a line (up to 20; use a group address for more)."
                autosize
                minRows={2}
                value={form.to}
                onChange={(e) => set('to', e.currentTarget.value)}
                error={fieldErrors.to}
                spellCheck={false}
              />
            </>
          )}
          <Group mt="xs">
            <Button type="submit" loading={busy === 'saving'} disabled={busy === 'testing'}>
              Save channel
            </Button>
            <Button variant="default" onClick={test} loading={busy === 'testing'} disabled={busy === 'saving'}>
              Send test alert
            </Button>
            {channel && (
              <Button variant="subtle" color="red" onClick={() => setDeleting(channel)} disabled={busy !== null}>
                Delete
              </Button>
            )}
            <Button variant="subtle" onClick={onClose} disabled={busy !== null}>
              Close
            </Button>
          </Group>
          <ChannelOutcome outcome={outcome} />
        </Stack>
      </form>
      <ConfirmDeleteModal
        item={deleting}
        title="Delete the channel?"
        question={(c) => (
          <>
            Delete <strong>{c.name}</strong> and its {ALERT_CHANNEL_SECRET_LABELS[c.kind].toLowerCase()}? Rules that name it stop sending to it. This cannot be undone.
          </>
        )}
        remove={async (c) => onDeleted(await api.call('deleteAlertChannel', { id: c.id }))}
        onClose={() => setDeleting(null)}
        onDeleted={() => setDeleting(null)}
      />
    </Stack>
  );
}

function ChannelOutcome({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  if (outcome.kind === 'saved') return <Alert color="green" role="status" title={outcome.message} />;
  if (outcome.kind === 'error')
    return (
      <Alert color="red" role="alert">
        {outcome.message}
      </Alert>
    );
  const { result } = outcome;
  return result.ok ? (
    <Alert color="green" role="status" title={`Test alert sent (${Math.round(result.ms)} ms)`}>
      <Text size="sm">{result.detail}</Text>
    </Alert>
  ) : (
    <Alert color="red" role="alert" title={`Test alert not sent: ${SEND_FAILURE_LABELS[result.errorClass]} (${result.errorClass})`}>
      <Text size="sm">{result.reason}</Text>
    </Alert>
  );
}
