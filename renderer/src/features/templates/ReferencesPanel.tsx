import { ActionIcon, Alert, Button, Group, Paper, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCheck, IconPencil, IconTrash, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Reference } from '../../../../shared/domain/template';
import { useApi } from '../../api/api-context';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { Permitted } from '../../ui/Permitted';

/**
 * References: the named slots on a case that hold a remote record number (a Service Request or repair
 * number). Created, renamed and deleted here; a reference a template applies to cannot be deleted.
 */
export function ReferencesPanel({ onChanged }: { onChanged: () => void }) {
  const api = useApi();
  const [references, setReferences] = useState<Reference[]>([]);
  const [newName, setNewName] = useState('');
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [notice, setNotice] = useState<{ done: string } | { refused: unknown; title: string } | null>(null);

  const load = useCallback(async () => setReferences(await api.call('listReferences')), [api]);
  useEffect(() => {
    load().catch((error: unknown) => setNotice({ refused: error, title: 'Could not load the references' }));
  }, [load]);

  const run = async (title: string, action: () => Promise<string>) => {
    setNotice(null);
    try {
      setNotice({ done: await action() });
      await load();
      onChanged();
    } catch (error) {
      setNotice({ refused: error, title });
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void run('Reference not created', async () => {
      const created = await api.call('createReference', { name: newName });
      setNewName('');
      return `Reference '${created.name}' created.`;
    });
  };
  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (!renaming) return;
    void run('Reference not renamed', async () => {
      const renamed = await api.call('renameReference', renaming);
      setRenaming(null);
      return `Reference renamed to '${renamed.name}'; its templates follow it.`;
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="references-heading">
      <Title order={2} size="h3" id="references-heading">
        References
      </Title>
      <Text c="dimmed" size="sm" mb="sm">
        A reference stores a remote record number on a case, such as a Tascomi Service Request number or a Civica Cx repair reference. Each template applies to one.
      </Text>
      <Table aria-label="References" verticalSpacing={4} mb="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Templates</Table.Th>
            <Table.Th w={110}>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {references.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>No references yet.</Table.Td>
            </Table.Tr>
          )}
          {references.map((reference) => (
            <Table.Tr key={reference.id}>
              <Table.Td>
                {renaming?.id === reference.id ? (
                  <form onSubmit={rename} aria-label={`Rename reference ${reference.name}`}>
                    <Group gap={4} wrap="nowrap">
                      <TextInput
                        size="xs"
                        aria-label="New name"
                        value={renaming.name}
                        onChange={(e) => setRenaming({ id: reference.id, name: e.currentTarget.value })}
                        data-autofocus
                      />
                      <ActionIcon type="submit" variant="subtle" aria-label="Save the new name">
                        <IconCheck size={16} />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="gray" aria-label="Cancel renaming" onClick={() => setRenaming(null)}>
                        <IconX size={16} />
                      </ActionIcon>
                    </Group>
                  </form>
                ) : (
                  reference.name
                )}
              </Table.Td>
              <Table.Td>{reference.templateCount}</Table.Td>
              <Table.Td>
                <Permitted to="templates">
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={`Rename reference ${reference.name}`} onClick={() => setRenaming({ id: reference.id, name: reference.name })}>
                      <IconPencil size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Delete reference ${reference.name}`}
                      onClick={() =>
                        void run('Reference not deleted', async () => {
                          await api.call('deleteReference', { id: reference.id });
                          return `Reference '${reference.name}' deleted.`;
                        })
                      }
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                </Permitted>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Permitted to="templates">
        <form onSubmit={create} aria-label="Add a reference">
          <Group align="flex-end">
            <TextInput label="New reference" placeholder="e.g. Service Request number" value={newName} onChange={(e) => setNewName(e.currentTarget.value)} />
            <Button type="submit" variant="default" disabled={!newName.trim()}>
              Add reference
            </Button>
          </Group>
        </form>
      </Permitted>
      {notice && 'done' in notice && (
        <Alert color="green" role="status" mt="sm">
          {notice.done}
        </Alert>
      )}
      {notice && 'refused' in notice && <RefusalAlert error={notice.refused} title={notice.title} />}
    </Paper>
  );
}
