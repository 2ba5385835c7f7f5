import { ActionIcon, Anchor, Button, Code, Group, List, PasswordInput, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { GroupRole, Role, SignInSettingsView } from '../../../../shared/domain/people';
import { CopyValueButton } from '../../ui/CopyValueButton';
import { SettingsLoadState } from '../../ui/settings-form/SettingsLoadState';
import { SettingsOutcomeAlert } from '../../ui/settings-form/SettingsOutcomeAlert';
import { useSettingsForm } from '../../ui/settings-form/use-settings-form';
import { ROLE_OPTIONS } from './AddAccountModal';

interface Form {
  enabled: boolean;
  issuer: string;
  clientId: string;
  /** A new secret; empty keeps the stored one (it is never read back). */
  clientSecret: string;
  groupsClaim: string;
  groupRoles: GroupRole[];
  buttonLabel: string;
}

function formFrom(view: SignInSettingsView): Form {
  return {
    enabled: view.enabled,
    issuer: view.issuer,
    clientId: view.clientId,
    clientSecret: '',
    groupsClaim: view.groupsClaim,
    groupRoles: view.groupRoles,
    buttonLabel: view.buttonLabel,
  };
}

/** Where the identity provider sends people back: the server's callback, as this browser reaches it. */
export function redirectUri(view: SignInSettingsView | null, origin: string): string {
  return view?.redirectUrl ?? `${origin}/auth/sso/callback`;
}

/** Single sign-on through the council's OpenID Connect provider, with the groups that give each role. */
export function SingleSignOnSettings() {
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
    load: (api) => api.call('getSignInSettings'),
    toForm: formFrom,
    what: 'the single sign-on settings',
  });

  const heading = (
    <Title order={2} size="h4" mt="lg">
      Single sign-on
    </Title>
  );
  if (!form) {
    return (
      <Stack gap="sm">
        {heading}
        <SettingsLoadState {...loadState} />
      </Stack>
    );
  }

  const setRow = (index: number, row: Partial<GroupRole>) =>
    set(
      'groupRoles',
      form.groupRoles.map((r, i) => (i === index ? { ...r, ...row } : r)),
    );
  const save = submit(async ({ clientSecret, ...settings }) => {
    const saved = await api.call('saveSignInSettings', { ...settings, ...(clientSecret ? { clientSecret } : {}) });
    accept(saved);
    setOutcome({ kind: 'saved', message: saved.enabled ? 'Saved: people can sign in with single sign-on.' : 'Saved: single sign-on is off.' });
  });
  const redirect = redirectUri(view, window.location.origin);
  const groupRowsError = fieldErrors.groupRoles;

  return (
    <Stack gap="sm" maw={720}>
      {heading}
      <Text size="sm" c="dimmed">
        People sign in with their council account through its identity provider (OpenID Connect); their groups decide their role. The most powerful role any of their groups maps to
        applies; someone in none of these groups cannot sign in.
      </Text>
      <form onSubmit={save} aria-label="Single sign-on settings" noValidate>
        <Stack gap="sm">
          <Switch label="Enabled" description="Offer single sign-on on the sign-in screen" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
          <TextInput
            label="Issuer"
            description="The provider's issuer URL"
            placeholder="https://login.microsoftonline.com/<tenant id>/v2.0"
            value={form.issuer}
            onChange={(e) => set('issuer', e.currentTarget.value)}
            error={fieldErrors.issuer}
            spellCheck={false}
          />
          <TextInput
            label="Client id"
            description="The application (client) id the provider gave this server"
            value={form.clientId}
            onChange={(e) => set('clientId', e.currentTarget.value)}
            error={fieldErrors.clientId}
            spellCheck={false}
            autoComplete="off"
          />
          <PasswordInput
            label="Client secret"
            description={view?.clientSecretSet ? 'A secret is set. Leave empty to keep it; type a new one to replace it.' : 'Not set yet.'}
            placeholder={view?.clientSecretSet ? '•••••••• (set)' : undefined}
            value={form.clientSecret}
            onChange={(e) => set('clientSecret', e.currentTarget.value)}
            error={fieldErrors.clientSecret}
            autoComplete="new-password"
          />
          <TextInput
            label="Groups claim"
            description="The claim in the ID token that lists the person's groups"
            value={form.groupsClaim}
            onChange={(e) => set('groupsClaim', e.currentTarget.value)}
            error={fieldErrors.groupsClaim}
            spellCheck={false}
          />
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" size="sm" fw={500}>
              Groups and their roles
            </Text>
            <Stack gap="xs" mt={4}>
              {form.groupRoles.map((row, index) => (
                <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
                  <TextInput
                    flex={1}
                    placeholder="Group (its object id in Entra ID)"
                    aria-label={`Group ${index + 1}`}
                    value={row.group}
                    onChange={(e) => setRow(index, { group: e.currentTarget.value })}
                    spellCheck={false}
                  />
                  <Select
                    w={170}
                    data={ROLE_OPTIONS}
                    value={row.role}
                    onChange={(role) => role && setRow(index, { role: role as Role })}
                    allowDeselect={false}
                    aria-label={`Role for group ${index + 1}`}
                  />
                  <ActionIcon
                    variant="default"
                    size="lg"
                    onClick={() =>
                      set(
                        'groupRoles',
                        form.groupRoles.filter((_, i) => i !== index),
                      )
                    }
                    aria-label={`Remove group ${index + 1}`}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              {groupRowsError && (
                <Text size="sm" c="red" role="alert">
                  {groupRowsError}
                </Text>
              )}
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconPlus size={14} aria-hidden />}
                  onClick={() => set('groupRoles', [...form.groupRoles, { group: '', role: 'viewer' }])}
                >
                  Add a group
                </Button>
              </Group>
            </Stack>
          </fieldset>
          <TextInput
            label="Button label"
            description="What the sign-in screen's button says"
            value={form.buttonLabel}
            onChange={(e) => set('buttonLabel', e.currentTarget.value)}
            error={fieldErrors.buttonLabel}
          />
          <div>
            <Text size="sm" fw={500}>
              Redirect URI
            </Text>
            <Text size="xs" c="dimmed">
              Register this with the provider as a web redirect URI.
            </Text>
            <Group gap="xs" wrap="nowrap" mt={4}>
              <Code aria-label="Redirect URI">{redirect}</Code>
              <CopyValueButton value={redirect} what="the redirect URI" />
            </Group>
          </div>
          <SettingsOutcomeAlert outcome={outcome} />
          <Group>
            <Button type="submit" loading={busy === 'saving'}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
      <EntraNotes />
    </Stack>
  );
}

function EntraNotes() {
  return (
    <Stack gap={4} mt="sm">
      <Text size="sm" fw={500}>
        With Microsoft Entra ID
      </Text>
      <List size="sm" spacing={4}>
        <List.Item>In the Entra admin centre, App registrations, New registration: a web platform, with the redirect URI above.</List.Item>
        <List.Item>
          Issuer: <Code>https://login.microsoftonline.com/&lt;directory (tenant) id&gt;/v2.0</Code>; client id: the application (client) id.
        </List.Item>
        <List.Item>Certificates &amp; secrets: a new client secret. Paste its value (not its id) above; note when it expires.</List.Item>
        <List.Item>
          Token configuration: add a groups claim (security groups). The ID token then lists group object ids under <Code>groups</Code>: map those ids to roles above.
        </List.Item>
        <List.Item>
          Someone in more than 200 groups gets no groups list in the token: in the app registration choose to send only the groups assigned to the application, and assign these
          groups to it.
        </List.Item>
        <List.Item>
          More in Microsoft&apos;s guide:{' '}
          <Anchor href="https://learn.microsoft.com/entra/identity-platform/quickstart-register-app" target="_blank" rel="noreferrer">
            Register an application
          </Anchor>
          .
        </List.Item>
      </List>
    </Stack>
  );
}
