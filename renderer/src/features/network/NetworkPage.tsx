import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { NetworkInfo } from '../../../../shared/domain/network';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { Page } from '../../shell/Page';
import { AddressesSection } from './AddressesSection';
import { DiagnosisSection } from './DiagnosisSection';
import { ProxySection } from './ProxySection';
import { PublicAddressSection } from './PublicAddressSection';
import { formatTimeWithZone } from '../../ui/time-format';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function NetworkPage() {
  const api = useApi();
  const [info, setInfo] = useState<NetworkInfo | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    api
      .call('getNetworkInfo')
      .then(setInfo)
      .catch((e: unknown) => setError(`Could not read this workstation's network: ${describeError(e)}`))
      .finally(() => setLoading(false));
  }, [api]);
  useEffect(load, [load]);

  return (
    <Page
      title="Network"
      description="This workstation's addresses and the public address remote systems see, for their IP allowlists; the proxy in use; and a step-by-step diagnosis of each connection."
    >
      <Group>
        <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={load} loading={loading && info !== null}>
          Refresh
        </Button>
        {info && (
          <Text size="xs" c="dimmed">
            {info.hostname}, read {formatTimeWithZone(info.checkedAt)}.
          </Text>
        )}
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {!info && loading && <Text role="status">Reading this workstation&apos;s network…</Text>}
      {info && (
        <Stack gap="md">
          <Section id="network-addresses" title="This workstation's addresses">
            <AddressesSection info={info} />
          </Section>
          <Section id="network-public" title="Public address">
            <PublicAddressSection key={`${info.settings.publicAddressEnabled}|${info.settings.publicAddressUrl}`} info={info} onSaved={load} />
          </Section>
          <Section id="network-proxy" title="Proxy">
            <ProxySection proxy={info.proxy} />
          </Section>
          <Section id="network-diagnosis" title="Connection diagnosis">
            <DiagnosisSection connections={info.connections} />
          </Section>
        </Stack>
      )}
    </Page>
  );
}
