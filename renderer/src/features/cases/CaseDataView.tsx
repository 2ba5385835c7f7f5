import { Stack, Table, Text } from '@mantine/core';
import type { Case, CaseAddress, CasePerson } from '../../../../shared/domain/case';
import { DetailSection } from './DetailSection';
import { formatFieldValue } from './format';

/** Name/value rows: the name is the row's header, so a screen reader says which value it reads. */
function NameValueTable({ label, rows, empty }: { label: string; rows: [string, string][]; empty: string }) {
  if (rows.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Table aria-label={label} withRowBorders={false} verticalSpacing={4}>
      <Table.Tbody>
        {rows.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th scope="row" w="30%" fw={500} style={{ verticalAlign: 'top' }}>
              {name}
            </Table.Th>
            <Table.Td style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const addressText = (a: Omit<CaseAddress, 'role'>) => [...a.lines, a.postcode].filter(Boolean).join(', ');
const personName = (p: CasePerson) => [p.title, p.forename, p.surname].filter(Boolean).join(' ') || '(no name)';

function PeopleTable({ people }: { people: CasePerson[] }) {
  if (people.length === 0) return <Text c="dimmed">No people.</Text>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="People" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Role</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Contact</Table.Th>
            <Table.Th>Address</Table.Th>
            <Table.Th>CRM reference</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((p, i) => (
            <Table.Tr key={i}>
              <Table.Td>{p.role}</Table.Td>
              <Table.Td>{personName(p)}</Table.Td>
              <Table.Td>{[p.email, p.phone].filter(Boolean).join(' · ') || '—'}</Table.Td>
              <Table.Td>
                {p.address ? addressText(p.address) || '—' : '—'}
                {p.address?.uprn && (
                  <Text size="xs" c="dimmed">
                    UPRN {p.address.uprn}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ff="monospace">{p.reference ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AddressesTable({ addresses }: { addresses: CaseAddress[] }) {
  if (addresses.length === 0) return <Text c="dimmed">No addresses.</Text>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="Addresses" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Role</Table.Th>
            <Table.Th>Address</Table.Th>
            <Table.Th>Postcode</Table.Th>
            <Table.Th>UPRN</Table.Th>
            <Table.Th>USRN</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {addresses.map((a, i) => (
            <Table.Tr key={i}>
              <Table.Td>{a.role}</Table.Td>
              <Table.Td>{a.lines.join(', ') || '—'}</Table.Td>
              <Table.Td>{a.postcode ?? '—'}</Table.Td>
              <Table.Td ff="monospace">{a.uprn ?? '—'}</Table.Td>
              <Table.Td ff="monospace">{a.usrn ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What the CRM sent: the summary, fields, dates, people and addresses, as stored. */
export function CaseDataView({ kase }: { kase: Case }) {
  return (
    <Stack gap="md">
      {kase.summary && <Text>{kase.summary}</Text>}
      <DetailSection title="Fields">
        <NameValueTable label="Fields" rows={Object.entries(kase.fields).map(([k, v]) => [k, formatFieldValue(v)])} empty="No fields." />
      </DetailSection>
      <DetailSection title="Dates">
        <NameValueTable label="Dates" rows={Object.entries(kase.dates)} empty="No dates." />
      </DetailSection>
      <DetailSection title="People">
        <PeopleTable people={kase.people} />
      </DetailSection>
      <DetailSection title="Addresses">
        <AddressesTable addresses={kase.addresses} />
      </DetailSection>
    </Stack>
  );
}
