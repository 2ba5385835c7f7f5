import { Alert, Button, Code, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { checkPublicAddressUrl, type NetworkInfo, type NetworkSettings } from '../../../../shared/domain/network';
import { useApi } from '../../api/api-context';
import { describeError, fieldErrorsFrom } from '../../api/contract-call-error';
import { CopyText } from './CopyText';
import { Permitted } from '../../ui/Permitted';

/** The public address remote systems see, where it came from, and the switch and service address. */
export function PublicAddressSection({ info, onSaved }: { info: NetworkInfo; onSaved: () => void }) {
  const api = useApi();
  const [form, setForm] = useState<NetworkSettings>(info.settings);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const urlCheck = checkPublicAddressUrl(form.publicAddressUrl);
  const urlProblem = form.publicAddressUrl.trim() === '' || urlCheck.ok ? undefined : urlCheck.reason;
  const changed = form.publicAddressEnabled !== info.settings.publicAddressEnabled || form.publicAddressUrl !== info.settings.publicAddressUrl;
  const found = info.publicAddress;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    setFieldError(undefined);
    try {
      const saved = await api.call('saveNetworkSettings', form);
      setForm(saved);
      onSaved();
    } catch (e) {
      const fields = fieldErrorsFrom(e);
      if (fields?.publicAddressUrl) setFieldError(fields.publicAddressUrl);
      else setError(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm">
      <section aria-label="Public address">
        {found.status === 'found' && (
          <Group gap="sm" role="status">
            <Text>
              Remote systems see this workstation as <Code fz="md">{found.address}</Code> ({found.family}).
            </Text>
            <CopyText value={found.address} label={`Copy ${found.address}`} />
            <Text size="xs" c="dimmed" w="100%">
              From {found.source} in {found.ms} ms. A proxy or VPN changes this address: it is the one the connectors&apos; route uses.
            </Text>
          </Group>
        )}
        {found.status === 'off' && (
          <Text role="status" c="dimmed">
            Not looked up: switch it on below to ask a &quot;what is my address&quot; service. It is off until you choose to, because it sends a request to that service.
          </Text>
        )}
        {found.status === 'failed' && (
          <Alert color="yellow" role="alert" title="The public address could not be read">
            {found.reason}
          </Alert>
        )}
      </section>
      <form onSubmit={(e) => void save(e)} aria-label="Public address settings" noValidate>
        <Stack gap="xs" maw={640}>
          <Switch
            label="Look up the public address"
            description="Asks the service below each time this page opens or is refreshed"
            checked={form.publicAddressEnabled}
            onChange={(e) => setForm({ ...form, publicAddressEnabled: e.currentTarget.checked })}
          />
          <TextInput
            label="What is my address service"
            description='Must answer with the address as plain text, or JSON {"ip": "…"}; https only'
            value={form.publicAddressUrl}
            onChange={(e) => {
              setForm({ ...form, publicAddressUrl: e.currentTarget.value });
              setFieldError(undefined);
            }}
            error={urlProblem ?? fieldError}
            spellCheck={false}
            autoComplete="off"
          />
          <Permitted to="connections">
            <Group>
              <Button type="submit" loading={saving} disabled={!changed || Boolean(urlProblem) || !urlCheck.ok}>
                Save
              </Button>
            </Group>
          </Permitted>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
