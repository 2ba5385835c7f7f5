import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { TemplateSummary } from '../../../../shared/domain/template';
import { useApi } from '../../api/api-context';
import { RefusalAlert } from '../../ui/RefusalAlert';

export function RenameTemplateModal({ template, onClose, onRenamed }: { template: TemplateSummary | null; onClose: () => void; onRenamed: (name: string) => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setName(template?.name ?? '');
    setError(null);
  }, [template]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!template) return;
    try {
      const renamed = await api.call('renameTemplate', { id: template.id, name });
      onRenamed(renamed.name);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal opened={template !== null} onClose={onClose} title={`Rename '${template?.name ?? ''}'`}>
      <form onSubmit={(e) => void submit(e)} aria-label="Rename template">
        <Stack>
          <TextInput label="New name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          {error !== null && <RefusalAlert error={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!name.trim()}>
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
