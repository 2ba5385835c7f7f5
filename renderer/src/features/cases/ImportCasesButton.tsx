import type { CaseReceipt } from '../../../../shared/domain/case-view';
import { IMPORT_CASES_MAX_CHARS, IMPORT_FILE_NAME_MAX_CHARS } from '../../../../shared/import-limits';
import { useApi } from '../../api/api-context';
import { ImportFileButton } from '../../ui/ImportFileButton';

/** Reads a JSON file of cases (one case or an array) and hands it to the engine, which checks each one. */
export function ImportCasesButton({
  onImported,
  onRefused,
}: {
  onImported: (fileName: string, receipts: CaseReceipt[]) => void;
  onRefused: (fileName: string, error: unknown) => void;
}) {
  const api = useApi();
  return (
    <ImportFileButton
      label="Import cases"
      what="a file of cases"
      limitBytes={IMPORT_CASES_MAX_CHARS}
      send={async (content, fileName, onProgress) => {
        // The name only labels the log entries; a very long one is cut, not refused.
        const receipts = await api.call('importCases', { content, fileName: fileName.slice(0, IMPORT_FILE_NAME_MAX_CHARS) }, { onProgress });
        onImported(fileName, receipts);
      }}
      onRefused={onRefused}
    />
  );
}
