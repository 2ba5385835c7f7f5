import { Alert, Badge, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { allowlistEmailText, type NetworkInfo } from '../../../../shared/domain/network';
import { CopyText } from './CopyText';

/** This workstation's addresses by interface, each with a copy button, and "Copy all for an email". */
export function AddressesSection({ info }: { info: NetworkInfo }) {
  const email = allowlistEmailText(info);
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={640}>
          A remote system&apos;s IP allowlist needs the address it sees: usually the public address below. Local addresses matter when the system is reached over a private network
          or VPN.
        </Text>
        <CopyText value={email} label="Copy all for an email" variant="filled">
          Copy all for an email
        </CopyText>
      </Group>
      {info.interfaces.length === 0 ? (
        <Alert color="yellow" role="status" title="No network address">
          This workstation has no address other than its own loopback (127.0.0.1): it seems not to be connected to a network.
        </Alert>
      ) : (
        <Table aria-label="This workstation's addresses" striped verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Interface</Table.Th>
              <Table.Th>Family</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Network</Table.Th>
              <Table.Th>
                <VisuallyHidden>Copy</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {info.interfaces.map((a) => (
              <Table.Tr key={`${a.interfaceName}|${a.address}`}>
                <Table.Td>{a.interfaceName}</Table.Td>
                <Table.Td>{a.family}</Table.Td>
                <Table.Td ff="monospace">
                  {a.address}{' '}
                  {a.linkLocal && (
                    <Badge size="xs" variant="light" color="gray" title="Valid only on this network link: never seen by a remote system">
                      link-local
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ff="monospace">{a.cidr ?? ''}</Table.Td>
                <Table.Td ta="right">
                  <CopyText value={a.address} label={`Copy ${a.address}`} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
