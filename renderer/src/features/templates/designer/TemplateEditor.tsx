import { Alert, Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconDeviceFloppy } from '@tabler/icons-react';
import { useCallback, useRef, useState } from 'react';
import type { Case } from '../../../../../shared/domain/case';
import type { IncomingRow, OutgoingRow, Template, TemplateDraft } from '../../../../../shared/domain/template';
import { useApi } from '../../../api/api-context';
import { ContractCallError } from '../../../api/contract-call-error';
import { RefusalAlert } from '../../../ui/RefusalAlert';
import { useUnsavedWork } from '../../../ui/use-unsaved-work';
import { ReferencePicker } from '../ReferencePicker';
import { templateKindLabel } from '../../../ui/template-type-labels';
import { IncomingRowsEditor } from './IncomingRowsEditor';
import { OutgoingDesigner } from './OutgoingDesigner';
import { sortSaveIssues, type SaveIssues } from './save-issues';
import { saveMessage, type SaveMessage } from './save-message';
import { Permitted } from '../../../ui/Permitted';

/** A saved template, or a new draft not saved yet (no id). */
export type EditedTemplate = Template | TemplateDraft;

function draftOf(t: EditedTemplate): TemplateDraft {
  const { name, type, connector, reference, rows } = t;
  return { name, type, connector, reference, rows } as TemplateDraft;
}

/** Edits one template: its name and reference, its rows (designer or incoming editor), and saves versions. */
export function TemplateEditor({ initial, onClose, onSaved }: { initial: EditedTemplate; onClose: () => void; onSaved: (id: number) => void }) {
  const api = useApi();
  const [draft, setDraft] = useState<TemplateDraft>(() => draftOf(initial));
  const [saved, setSaved] = useState<{ id: number; version: number } | null>('id' in initial ? { id: initial.id, version: initial.version } : null);
  const [message, setMessage] = useState<SaveMessage | null>(null);
  // The case the preview shows: a save says what the preview finds wrong with what was saved.
  const sample = useRef<Case | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [issues, setIssues] = useState<SaveIssues>({ rows: new Map(), other: [] });
  // What the last save stored (null until a new template is first saved): leaving asks while the draft differs.
  const [stored, setStored] = useState<TemplateDraft | null>(() => ('id' in initial ? draftOf(initial) : null));
  useUnsavedWork(stored === null || JSON.stringify(stored) !== JSON.stringify(draft), `the template '${draft.name}'`);

  const setSample = useCallback((kase: Case | null) => {
    sample.current = kase;
  }, []);
  const change = (next: Partial<TemplateDraft>) => {
    setDraft((d) => ({ ...d, ...next }) as TemplateDraft);
    setMessage(null);
  };
  const save = async () => {
    setRefusal(null);
    setMessage(null);
    try {
      const result = await api.call('saveTemplate', { ...(saved ? { id: saved.id } : {}), draft });
      setSaved({ id: result.id, version: result.version });
      setStored(draft);
      onSaved(result.id);
      setIssues({ rows: new Map(), other: [] });
      const kase = draft.type === 'incoming' ? null : sample.current;
      // Evaluated again for exactly what was saved: the live preview may lag the last keystroke.
      const check = kase
        ? await api.call('previewTemplate', { draft, case: kase }).then(
            (r) => ({ kase, result: r }),
            () => null,
          )
        : null;
      setMessage(saveMessage(result.version, check));
    } catch (error) {
      setRefusal(error);
      setIssues(sortSaveIssues(error instanceof ContractCallError ? (error.issues ?? []) : []));
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-start">
          <TextInput label="Template name" value={draft.name} onChange={(e) => change({ name: e.currentTarget.value })} error={issues.name} w={280} />
          <ReferencePicker value={draft.reference} onChange={(reference) => change({ reference })} error={issues.reference} />
        </Group>
        <Group>
          <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onClose}>
            Back to templates
          </Button>
          <Permitted to="templates">
            <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save()}>
              Save
            </Button>
          </Permitted>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {templateKindLabel(draft.connector, draft.type)} · {saved ? `version ${saved.version}` : 'not saved yet'}
      </Text>
      {message && (
        <Alert
          color={message.title ? 'orange' : 'green'}
          role="status"
          title={message.title}
          icon={message.title ? <IconAlertTriangle size={18} /> : undefined}
          // The title in ordinary text colour: orange text on the light tint is too faint to read.
          styles={{ title: { color: 'var(--mantine-color-text)' } }}
        >
          {message.text}
          {message.issues.length > 0 && (
            <List size="sm" mt={4}>
              {message.issues.map((issue, i) => (
                <List.Item key={i}>{issue}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {refusal !== null && <RefusalAlert error={refusal} title="Not saved" />}
      {draft.type === 'incoming' ? (
        <IncomingRowsEditor connector={draft.connector} rows={draft.rows} saveErrors={issues.rows} onChange={(rows: IncomingRow[]) => change({ rows })} />
      ) : (
        <OutgoingDesigner draft={draft} templateId={saved?.id} saveErrors={issues.rows} onRowsChange={(rows: OutgoingRow[]) => change({ rows })} onSampleCase={setSample} />
      )}
    </Stack>
  );
}
