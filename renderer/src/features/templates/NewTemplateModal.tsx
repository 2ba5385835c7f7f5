import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { TEMPLATE_KINDS } from '../../../../shared/connectors/template-schemas';
import type { TemplateDraft } from '../../../../shared/domain/template';
import { ReferencePicker } from './ReferencePicker';

/** A kind as the Type select holds it: "tascomi:create", "civica-cx:create". */
const kindValue = (k: { connector: string; type: string }) => `${k.connector}:${k.type}`;
const KIND_OPTIONS = TEMPLATE_KINDS.map((k) => ({ value: kindValue(k), label: k.label }));

/** Asks what every template needs before its rows: a name, a type (connector and kind) and the Reference it applies to. */
export function NewTemplateModal({ opened, onClose, onCreate }: { opened: boolean; onClose: () => void; onCreate: (draft: TemplateDraft) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState(() => kindValue(TEMPLATE_KINDS[0]!));
  const [reference, setReference] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = TEMPLATE_KINDS.find((k) => kindValue(k) === kind) ?? TEMPLATE_KINDS[0]!;
    onCreate({ name: name.trim(), type: chosen.type, connector: chosen.connector, reference, rows: [] } as TemplateDraft);
    setName('');
    setReference('');
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New template">
      <form onSubmit={submit} aria-label="New template">
        <Stack>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus />
          <Select label="Type" data={KIND_OPTIONS} value={kind} onChange={(v) => v && setKind(v)} allowDeselect={false} />
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
