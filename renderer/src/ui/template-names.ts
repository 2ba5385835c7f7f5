/**
 * Templates named the way people know them (by name and version), not by the number the engine keeps.
 * A template that is not listed (deleted since, or the list still loading or unread) is named by its
 * number, saying which.
 */
import type { TemplateSummary } from '../../../shared/domain/template';

/** The templates as a filter's choices. One the filter names that is not listed stays choosable, so the filter never silently changes. */
export function templateChoices(templates: TemplateSummary[] | null, chosenId: string | undefined): { value: string; label: string }[] {
  const choices = (templates ?? []).map((t) => ({ value: String(t.id), label: `${t.name} (version ${t.version})` }));
  if (chosenId !== undefined && !choices.some((c) => c.value === chosenId)) choices.push({ value: chosenId, label: unlisted(templates, chosenId) });
  return choices;
}

/** How a record that names a template by id (a log entry) shows it; `exists` is false only when the list says it is gone. */
export function templateLabel(templates: TemplateSummary[] | null, id: string): { label: string; exists: boolean } {
  const template = templates?.find((t) => String(t.id) === id);
  if (template) return { label: `${template.name} (now at version ${template.version})`, exists: true };
  return { label: unlisted(templates, id), exists: templates === null };
}

const unlisted = (templates: TemplateSummary[] | null, id: string) => (templates ? `Template ${id} (deleted)` : `Template ${id}`);
