import { Alert, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { FindTenantsResult } from '../../../../shared/domain/tenants';
import { useApi } from '../../api/api-context';
import { describeError } from '../../api/contract-call-error';
import { fetchedWords } from './format';

export interface TenantSearchState {
  reference: string;
  surname: string;
  postcode: string;
}

/** Find a contact by reference, surname or postcode; the matches, each with an Open button. */
export function TenantSearch({
  onOpen,
  state,
  setState,
  result,
  setResult,
}: {
  onOpen: (contactId: number) => void;
  state: TenantSearchState;
  setState: (s: TenantSearchState) => void;
  result: FindTenantsResult | null;
  setResult: (r: FindTenantsResult | null) => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof TenantSearchState, value: string) => setState({ ...state, [key]: value });

  const find = async (e: FormEvent) => {
    e.preventDefault();
    const criteria = { reference: state.reference.trim() || undefined, surname: state.surname.trim() || undefined, postcode: state.postcode.trim() || undefined };
    if (!criteria.reference && !criteria.surname && !criteria.postcode) {
      setError('Enter a reference, a surname or a postcode.');
      return;
    }
    setBusy(true);
    try {
      setResult(await api.call('findTenants', criteria));
      setError(null);
    } catch (err) {
      setResult(null);
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <form onSubmit={(e) => void find(e)} aria-label="Find a tenant" noValidate role="search">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Reference"
            placeholder="e.g. C1234567"
            value={state.reference}
            onChange={(e) => set('reference', e.currentTarget.value)}
            maxLength={100}
            spellCheck={false}
          />
          <TextInput label="Surname" value={state.surname} onChange={(e) => set('surname', e.currentTarget.value)} maxLength={100} />
          <TextInput label="Postcode" placeholder="e.g. NB2 4QT" value={state.postcode} onChange={(e) => set('postcode', e.currentTarget.value)} maxLength={20} />
          <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />} loading={busy}>
            Find
          </Button>
        </Group>
      </form>
      {error && (
        <Alert color="red" role="alert" title="Could not find tenants">
          {error}
        </Alert>
      )}
      {result && (
        <Stack gap="xs" component="section" aria-label="Tenants found">
          <Text size="sm" c="dimmed" role="status">
            {result.tenants.length === 0 ? 'No contact matches.' : `${result.tenants.length} ${result.tenants.length === 1 ? 'contact' : 'contacts'} found.`} {fetchedWords(result)}
            .
          </Text>
          {result.tenants.length > 0 && (
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Reference</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Address</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.tenants.map((t) => (
                  <Table.Tr key={t.contactId}>
                    <Table.Td>{t.reference}</Table.Td>
                    <Table.Td>{t.name}</Table.Td>
                    <Table.Td>{t.address}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="light" onClick={() => onOpen(t.contactId)} aria-label={`Open ${t.reference} ${t.name}`}>
                        Open
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Stack>
  );
}
