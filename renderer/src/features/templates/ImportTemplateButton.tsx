import type { Template } from '../../../../shared/domain/template';
import { IMPORT_TEMPLATE_MAX_CHARS } from '../../../../shared/import-limits';
import { useApi } from '../../api/api-context';
import { ImportFileButton } from '../../ui/ImportFileButton';

/** Reads a template file chosen by the person and hands it to the engine, which checks every path. */
export function ImportTemplateButton({ onImported, onRefused }: { onImported: (t: Template) => void; onRefused: (error: unknown) => void }) {
  const api = useApi();
  return (
    <ImportFileButton
      label="Import"
      what="a template file"
      limitBytes={IMPORT_TEMPLATE_MAX_CHARS}
      send={async (content, _fileName, onProgress) => onImported(await api.call('importTemplate', { content }, { onProgress }))}
      onRefused={(_fileName, error) => onRefused(error)}
    />
  );
}
