import { Code, Stack, Table, Text } from '@mantine/core';
import type { ProxyInfo } from '../../../../shared/domain/network';
import { PolicyLockNote, usePolicyLock } from '../../ui/PolicyLock';

/** The proxy variables casebridge follows, and the route each connection takes. */
export function ProxySection({ proxy }: { proxy: ProxyInfo }) {
  const { locked } = usePolicyLock('proxy');
  return (
    <Stack gap="xs">
      {locked ? (
        <Text role="status">
          casebridge sends its requests through the proxy your organisation&apos;s policy sets: <PolicyLockNote field="proxy" />
        </Text>
      ) : proxy.source === 'none' ? (
        <Text role="status">No proxy: casebridge connects directly.</Text>
      ) : (
        <Text role="status">casebridge sends its requests through the proxy these environment variables name:</Text>
      )}
      {proxy.variables.length > 0 && (
        <Table aria-label="Proxy variables" withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {proxy.variables.map((v) => (
              <Table.Tr key={v.name}>
                <Table.Td w={160}>
                  <Code>{v.name}</Code>
                </Table.Td>
                <Table.Td ff="monospace">{v.value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {proxy.routes.map((r) => (
        <Text key={r.connector} size="sm">
          {r.label} ({r.target}): {r.route}.
        </Text>
      ))}
      <Text size="xs" c="dimmed">
        casebridge has no proxy setting of its own: it follows HTTPS_PROXY (https addresses), HTTP_PROXY (http), ALL_PROXY and NO_PROXY, set for the user or the workstation, or by
        your organisation&apos;s machine policy. Addresses on this machine never go through a proxy. User names and passwords in these variables are never shown.
      </Text>
    </Stack>
  );
}
