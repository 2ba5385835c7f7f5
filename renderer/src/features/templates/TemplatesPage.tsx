import { Alert, Button, Group } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { templateSchema } from '../../../../shared/connectors/template-schemas';
import type { Template, TemplateDraft, TemplateSummary } from '../../../../shared/domain/template';
import { useApi } from '../../api/api-context';
import { leaveIfConfirmed } from '../../stores/unsaved-work-store';
import { Page } from '../../shell/Page';
import { usePageItem } from '../../ui/use-page-item';
import { TemplateEditor, type EditedTemplate } from './designer/TemplateEditor';
import { ConfirmDeleteModal } from '../../ui/ConfirmDeleteModal';
import { downloadTextFile } from '../../ui/download-file';
import { ImportTemplateButton } from './ImportTemplateButton';
import { RefusalAlert } from '../../ui/RefusalAlert';
import { NewTemplateModal } from './NewTemplateModal';
import { ReferencesPanel } from './ReferencesPanel';
import { RenameTemplateModal } from './RenameTemplateModal';
import { TemplateListTable, type TemplateAction } from './TemplateListTable';
import { VersionHistoryModal } from './VersionHistoryModal';
import { Permitted } from '../../ui/Permitted';

type Notice = { kind: 'done'; message: string } | { kind: 'refused'; error: unknown; title: string };
type Dialog = { kind: 'rename' | 'delete' | 'history'; template: TemplateSummary } | null;
/** The template in the designer, and the address item it is open under (its id, or NEW_ITEM). */
type OpenTemplate = { item: string; template: EditedTemplate };

/** The address item of a template created but not saved yet (`#/templates/new`). */
const NEW_ITEM = 'new';

export function TemplatesPage() {
  const api = useApi();
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [item, openItem, replaceItem] = usePageItem('templates');
  const [open, setOpen] = useState<OpenTemplate | null>(null);
  const openRef = useRef(open);
  openRef.current = open;
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const refresh = useCallback(async () => {
    try {
      setTemplates(await api.call('listTemplates'));
    } catch (error) {
      setNotice({ kind: 'refused', error, title: 'Could not load the templates' });
    }
  }, [api]);
  useEffect(() => {
    if (!open) void refresh();
  }, [refresh, open]);

  // The designer follows the address: opening, reloading, Back and forward all go through it.
  useEffect(() => {
    if (item === null) return setOpen(null);
    if (openRef.current?.item === item) return;
    const id = Number(item);
    if (item === NEW_ITEM || !Number.isSafeInteger(id) || id <= 0) {
      // A new template not saved yet does not outlive a reload; any other item names no template.
      if (item !== NEW_ITEM)
        setNotice({ kind: 'refused', error: new Error(`The address names no template ('${item}'): open one from the list.`), title: 'Could not open the template' });
      return replaceItem(null);
    }
    let current = true; // an answer for a template no longer in the address is dropped
    api.call('getTemplate', { id }).then(
      (template) => current && setOpen({ item, template }),
      (error: unknown) => {
        if (!current) return;
        setNotice({ kind: 'refused', error, title: 'Could not open the template' });
        replaceItem(null);
      },
    );
    return () => {
      current = false;
    };
  }, [api, item, replaceItem]);

  const run = async (title: string, action: () => Promise<string>) => {
    setNotice(null);
    try {
      setNotice({ kind: 'done', message: await action() });
      await refresh();
    } catch (error) {
      setNotice({ kind: 'refused', error, title });
    }
  };

  const onAction = (action: TemplateAction, t: TemplateSummary) => {
    setNotice(null);
    switch (action) {
      case 'open':
        openItem(String(t.id));
        return;
      case 'duplicate':
        void run('Not duplicated', async () => `Duplicated as '${(await api.call('duplicateTemplate', { id: t.id })).name}'.`);
        return;
      case 'export':
        void run('Not exported', async () => {
          const file = await api.call('exportTemplate', { id: t.id });
          downloadTextFile(file.fileName, file.content);
          return `Exported '${t.name}' as ${file.fileName}.`;
        });
        return;
      default:
        setDialog({ kind: action, template: t });
    }
  };

  if (open) {
    const editing = open.template;
    return (
      <Page
        title="Templates"
        description={`Drag what the case offers onto the ${templateSchema(editing.connector).label} fields, and check the preview against a sample case before saving.`}
      >
        <TemplateEditor
          key={'id' in editing ? editing.id : NEW_ITEM}
          initial={editing}
          onClose={() => leaveIfConfirmed(() => openItem(null))}
          onSaved={(id) => {
            // A new template's first save gives it an id: from then on it opens at its own address.
            if (open.item !== NEW_ITEM) return;
            setOpen({ ...open, item: String(id) });
            replaceItem(String(id));
          }}
        />
      </Page>
    );
  }

  const pick = (kind: NonNullable<Dialog>['kind']) => (dialog?.kind === kind ? dialog.template : null);
  const closeDialog = () => setDialog(null);
  return (
    <Page
      title="Templates"
      description="Mapping templates say what a case sends to a back office, and what comes back: a Tascomi Service Request created or updated (outgoing) or read back (incoming), or a Civica Cx repair raised (outgoing). Every save is a new version."
    >
      <Permitted to="templates">
        <Group>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New
          </Button>
          <ImportTemplateButton
            onImported={(t: Template) => {
              setNotice({ kind: 'done', message: `Imported as '${t.name}'.` });
              void refresh();
            }}
            onRefused={(error) => setNotice({ kind: 'refused', error, title: 'Not imported' })}
          />
        </Group>
      </Permitted>
      {notice?.kind === 'done' && (
        <Alert color="green" role="status">
          {notice.message}
        </Alert>
      )}
      {notice?.kind === 'refused' && <RefusalAlert error={notice.error} title={notice.title} />}
      <TemplateListTable templates={templates} onAction={onAction} />

      <NewTemplateModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreate={(draft: TemplateDraft) => {
          setCreating(false);
          setOpen({ item: NEW_ITEM, template: draft });
          openItem(NEW_ITEM);
        }}
      />
      <RenameTemplateModal
        template={pick('rename')}
        onClose={closeDialog}
        onRenamed={(name) => {
          closeDialog();
          setNotice({ kind: 'done', message: `Renamed to '${name}'.` });
          void refresh();
        }}
      />
      <ConfirmDeleteModal
        item={pick('delete')}
        title="Delete template"
        question={(template) => `Delete the template '${template.name}' and all its versions? This cannot be undone.`}
        remove={(template) => api.call('deleteTemplate', { id: template.id })}
        onClose={closeDialog}
        onDeleted={(template) => {
          setNotice({ kind: 'done', message: `Deleted '${template.name}'.` });
          closeDialog();
          void refresh();
        }}
      />
      <VersionHistoryModal template={pick('history')} onClose={closeDialog} onRestored={() => void refresh()} />
      <ReferencesPanel onChanged={() => void refresh()} />
    </Page>
  );
}
