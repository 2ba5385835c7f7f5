import { Alert, Button, Code, CopyButton, Group, List, NumberInput, PasswordInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { IntakeSettings, IntakeSettingsView } from '../../../../shared/domain/intake';
import { isLoopbackHost } from '../../../../shared/loopback';
import { useSettingsForm, numberFromInput } from '../../ui/settings-form/use-settings-form';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { usePolicyLock } from '../../ui/PolicyLock';

type Form = IntakeSettings & { secret: string };

function formFrom(view: IntakeSettingsView): Form {
  return { enabled: view.enabled, host: view.host, port: view.port, toleranceSeconds: view.toleranceSeconds, secret: '' };
}

/** 32 random bytes as hex, from the browser's cryptographic generator. */
function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The webhook the CRM posts cases to: where it listens, the shared secret that signs each post, and whether it runs. */
export function IntakeSettingsForm() {
  const hostLock = usePolicyLock('intake.host');
  const portLock = usePolicyLock('intake.port');
  const {
    api,
    view,
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
    load: (api) => api.call('getIntakeSettings'),
    toForm: formFrom,
    what: 'the case intake settings',
  });
  /** A secret generated here: shown once, so it can be given to the CRM administrator. */
  const [generated, setGenerated] = useState<string | null>(null);

  if (!form) return <SettingsLoadState {...loadState} />;

  const generate = () => {
    const secret = randomSecret();
    setGenerated(secret);
    set('secret', secret);
  };

  const save = submit(async ({ secret, ...settings }) => {
    const saved = await api.call('saveIntakeSettings', { ...settings, ...(secret ? { secret } : {}) });
    accept(saved);
    setOutcome({
      kind: 'saved',
      message: !saved.enabled
        ? 'Saved: case intake is disabled.'
        : saved.status.listening
          ? 'Saved: case intake is listening.'
          : 'Saved, but case intake is not listening: see below.',
    });
  });

  const exposed = form.host.trim() !== '' && !isLoopbackHost(form.host);

  return (
    <Stack gap="md" maw={640}>
      <form onSubmit={save} aria-label="Case intake settings" noValidate>
        <Stack gap="sm">
          <Switch label="Enabled" description="Listen for cases posted by the CRM" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
          <TextInput
            label="Address"
            {...hostLock.field('The address to listen on. 127.0.0.1 keeps the listener on this computer; any other address exposes it to the network.')}
            value={form.host}
            onChange={(e) => set('host', e.currentTarget.value)}
            error={fieldErrors.host}
            autoComplete="off"
            spellCheck={false}
          />
          {exposed && (
            <Alert color="yellow" role="status">
              {form.host.trim()} exposes the listener to the network: anyone who can reach this computer can post to it (only signed cases are accepted).
            </Alert>
          )}
          <NumberInput
            label="Port"
            {...portLock.field('The port the CRM posts to. 0 picks any free port (for tests; a CRM needs a fixed one).')}
            min={0}
            max={65535}
            allowDecimal={false}
            allowNegative={false}
            value={form.port}
            onChange={(value) => set('port', numberFromInput(value))}
            error={fieldErrors.port}
          />
          <NumberInput
            label="Timestamp tolerance (seconds)"
            description="How far the time the CRM signed a post may be from this computer's clock. Older posts are refused, so a captured post cannot be sent again later. 30 to 3600; 300 unless the CRM's clock drifts."
            min={30}
            max={3600}
            allowDecimal={false}
            allowNegative={false}
            value={form.toleranceSeconds}
            onChange={(value) => set('toleranceSeconds', numberFromInput(value))}
            error={fieldErrors.toleranceSeconds}
          />
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <PasswordInput
              style={{ flex: 1 }}
              label="Shared secret"
              description={
                view?.secretSet
                  ? 'A shared secret is set. It is never shown again; type or generate a new one only to replace it.'
                  : 'Not set yet. At least 16 characters; kept in this machine’s protected secret store.'
              }
              placeholder={view?.secretSet ? '•••••••• (set)' : ''}
              value={form.secret}
              onChange={(e) => {
                setGenerated(null);
                set('secret', e.currentTarget.value);
              }}
              error={fieldErrors.secret}
              autoComplete="new-password"
            />
            <Button variant="default" onClick={generate}>
              Generate
            </Button>
          </Group>
          {generated && (
            <Alert color="blue" role="note" title="New shared secret">
              <Stack gap="xs">
                <Group gap="xs" wrap="nowrap" align="flex-end">
                  <TextInput style={{ flex: 1 }} label="Generated secret" value={generated} readOnly spellCheck={false} styles={{ input: { fontFamily: 'monospace' } }} />
                  <CopyButton value={generated}>
                    {({ copied, copy }) => (
                      <Button variant="light" onClick={copy}>
                        {copied ? 'Copied' : 'Copy'}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Text size="sm">Give it to the CRM administrator now: it will not be shown again. It replaces the current secret when you save.</Text>
              </Stack>
            </Alert>
          )}
          <Group mt="xs">
            <Button type="submit" loading={busy === 'saving'}>
              Save
            </Button>
          </Group>
          {outcome?.kind === 'saved' && <Alert color="green" role="status" title={outcome.message} />}
          {outcome?.kind === 'error' && (
            <Alert color="red" role="alert">
              {outcome.message}
            </Alert>
          )}
        </Stack>
      </form>
      {view && <IntakeStatusView view={view} />}
      <HowToSend />
    </Stack>
  );
}

function IntakeStatusView({ view }: { view: IntakeSettingsView }) {
  const { status } = view;
  return (
    <Stack gap="xs" component="section" aria-label="Case intake status">
      {status.listening && status.url ? (
        <Group gap="xs" role="status">
          <Text>
            Listening at <Code>{status.url}</Code>
          </Text>
          <CopyButton value={status.url}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="light" onClick={copy}>
                {copied ? 'Copied' : 'Copy URL'}
              </Button>
            )}
          </CopyButton>
        </Group>
      ) : (
        !status.problem && (
          <Text role="status" c="dimmed">
            Not listening: case intake is {view.enabled ? 'not running' : 'disabled'}.
          </Text>
        )
      )}
      {status.problem && (
        <Alert color="orange" role="alert">
          {status.problem}
        </Alert>
      )}
    </Stack>
  );
}

function HowToSend() {
  return (
    <Stack gap={4} component="section" aria-labelledby="intake-how-heading">
      <Title order={3} size="h5" id="intake-how-heading">
        How the CRM sends cases
      </Title>
      <Text size="sm">
        POST the case as JSON (<Code>Content-Type: application/json</Code>) to the URL above, with its <Code>updatedAt</Code> (the CRM&apos;s time of its last change to the case)
        and two headers: <Code>X-Casebridge-Timestamp</Code>, the Unix time in seconds, and <Code>X-Casebridge-Signature: sha256=&lt;hex&gt;</Code>, where &lt;hex&gt; is the
        HMAC-SHA256 of the timestamp, a dot and the exact body, keyed with the shared secret. casebridge answers:
      </Text>
      <List size="sm">
        <List.Item>
          <Code>202</Code> when the case is stored (or was already);
        </List.Item>
        <List.Item>
          <Code>401</Code> when the signature is missing or wrong, or the timestamp is outside the tolerance;
        </List.Item>
        <List.Item>
          <Code>409</Code> when casebridge holds a newer revision of the case (by <Code>updatedAt</Code>): nothing changes;
        </List.Item>
        <List.Item>
          <Code>422</Code> when the case is not valid (the answer names the fields);
        </List.Item>
        <List.Item>
          <Code>429</Code> or <Code>503</Code> with <Code>Retry-After</Code> when it receives too much at once: send again after that many seconds.
        </List.Item>
      </List>
    </Stack>
  );
}
