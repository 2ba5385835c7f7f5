import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { TEMPLATE_TYPES, type TemplateDraft, type TemplateType } from '../../../../shared/domain/template';
import { ReferencePicker } from './ReferencePicker';
import { TEMPLATE_TYPE_LABELS } from './template-type-labels';

/** Asks what every template needs before its rows: a name, a type and the Reference it applies to. */
export function NewTemplateModal({ opened, onClose, onCreate }: { opened: boolean; onClose: () => void; onCreate: (draft: TemplateDraft) => void }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<TemplateType>('create');
  const [reference, setReference] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCreate({ name: name.trim(), type, connector: 'tascomi', reference, rows: [] } as TemplateDraft);
    setName('');
    setReference('');
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New template">
      <form onSubmit={submit} aria-label="New template">
        <Stack>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus />
          <Select
            label="Type"
            data={TEMPLATE_TYPES.map((t) => ({ value: t, label: TEMPLATE_TYPE_LABELS[t] }))}
            value={type}
            onChange={(v) => v && setType(v as TemplateType)}
            allowDeselect={false}
          />
          <ReferencePicker value={reference} onChange={setReference} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!name.trim() || !reference}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
