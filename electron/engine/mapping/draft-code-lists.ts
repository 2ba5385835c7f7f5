/**
 * Tascomi code lists as the console and the preview see them: the entries a draft's code fields
 * name, when Tascomi is configured and answers. Otherwise none, and the preview skips code checks
 * instead of failing (the connector checks codes again when a job submits).
 */
import { targetFieldOf } from '../../../shared/connectors/template-schemas';
import type { CodeEntryView } from '../../../shared/domain/tascomi';
import type { TemplateDraft } from '../../../shared/domain/template';
import type { CodeEntry } from '../connectors/tascomi/code-lists';
import type { TascomiConnection } from '../connectors/tascomi/connection';

export const codeEntryView = ({ id, code, label, active, inactive }: CodeEntry): CodeEntryView => ({
  id,
  ...(code === undefined ? {} : { code }),
  label,
  active,
  ...(inactive === undefined ? {} : { inactive }),
});

export async function codeListsForDraft(tascomi: Pick<TascomiConnection, 'codeLists'>, draft: TemplateDraft): Promise<Record<string, CodeEntryView[]> | undefined> {
  const names = new Set(
    draft.rows.flatMap((row) => {
      const field = 'target' in row && row.target.kind === 'schema' ? targetFieldOf(draft.connector, row.target.key) : undefined;
      const list = field && 'codeList' in field ? field.codeList : undefined;
      return list ? [list] : [];
    }),
  );
  if (names.size === 0) return undefined;
  try {
    const lists = await tascomi.codeLists();
    const entries = await Promise.all([...names].map(async (name) => [name, (await lists.get(name)).map(codeEntryView)] as const));
    return Object.fromEntries(entries);
  } catch {
    return undefined;
  }
}
