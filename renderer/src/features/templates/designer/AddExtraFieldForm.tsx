import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';

const EXTRA_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** Adds a field of the remote system (`system`, e.g. Tascomi) that the schema does not list, by the name that system gives it. */
export function AddExtraFieldForm({ system, taken, onAdd }: { system: string; taken: string[]; onAdd: (name: string) => void }) {
  const [name, setName] = useState('');
  const trimmed = name.trim();
  const error = !trimmed
    ? undefined
    : !EXTRA_NAME.test(trimmed)
      ? `Use the ${system} field name: lower-case letters, digits and _`
      : taken.includes(trimmed)
        ? 'That field is already added'
        : undefined;
  const add = () => {
    if (!trimmed || error) return;
    onAdd(trimmed);
    setName('');
  };
  return (
    <Group gap="xs" align="flex-start">
      <TextInput
        size="xs"
        label={`Additional field (${system} name)`}
        placeholder="e.g. ward_id"
        value={name}
        error={error}
        onChange={(e) => setName(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Enter' && add()}
      />
      <Button size="xs" variant="light" mt={22} onClick={add} disabled={!trimmed || error !== undefined}>
        Add additional field
      </Button>
    </Group>
  );
}
