import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Reference } from '../../../../shared/domain/template';
import { useApi } from '../../api/api-context';
import { ContractCallError, describeError } from '../../api/contract-call-error';

/** Chooses the Reference a template applies to, and creates a new one in place when it is missing. */
export function ReferencePicker({ value, onChange, error }: { value: string; onChange: (name: string) => void; error?: string }) {
  const api = useApi();
  const [references, setReferences] = useState<Reference[]>([]);
  const [newName, setNewName] = useState('');
  const [createError, setCreateError] = useState<string | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();

  useEffect(() => {
    api.call('listReferences').then(setReferences, (e: unknown) => setLoadError(`Could not load the references: ${describeError(e)}`));
  }, [api]);

  const create = async () => {
    setCreateError(undefined);
    try {
      const created = await api.call('createReference', { name: newName });
      setReferences((list) => [...list, created]);
      onChange(created.name);
      setNewName('');
    } catch (e) {
      setCreateError(e instanceof ContractCallError && e.issues?.[0] ? e.issues[0].message : describeError(e));
    }
  };

  // A saved template may name a reference the list has not loaded yet: keep it choosable.
  const names = references.map((r) => r.name);
  const data = value && !names.includes(value) ? [value, ...names] : names;
  return (
    <Stack gap={4}>
      <Select
        label="Reference"
        placeholder="Choose a reference"
        data={data}
        value={value || null}
        onChange={(v) => onChange(v ?? '')}
        error={error ?? loadError}
        allowDeselect={false}
      />
      <Group gap="xs" align="flex-end">
        <TextInput
          label="New reference"
          size="xs"
          value={newName}
          onChange={(e) => setNewName(e.currentTarget.value)}
          error={createError}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault(); // not the surrounding form's submit
              void create();
            }
          }}
        />
        <Button size="xs" variant="light" onClick={() => void create()} disabled={!newName.trim()}>
          Create reference
        </Button>
      </Group>
    </Stack>
  );
}
