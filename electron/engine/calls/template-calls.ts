/** The template designer's calls: references, templates and their versions and files, sample cases, and the preview. */
import { templateSchema } from '../../../shared/connectors/template-schemas';
import type { Handlers } from '../../../shared/contract';
import type { TascomiConnection } from '../connectors/tascomi/connection';
import { codeListsForDraft } from '../mapping/draft-code-lists';
import { evaluateTemplate } from '../mapping/evaluate';
import type { ReferenceService } from '../mapping/references';
import { listSampleCases } from '../mapping/sample-cases';
import type { TemplateFiles } from '../mapping/template-file';
import type { TemplateService } from '../mapping/templates';

export function templateCalls(deps: { references: ReferenceService; templates: TemplateService; files: TemplateFiles; tascomi: Pick<TascomiConnection, 'codeLists'> }) {
  const { references, templates, files } = deps;
  return {
    listReferences: () => references.list(),
    createReference: ({ name }) => references.create(name),
    renameReference: ({ id, name }) => references.rename(id, name),
    deleteReference: ({ id }) => references.delete(id),

    listTemplates: () => templates.list(),
    getTemplate: ({ id, version }) => templates.get(id, version),
    saveTemplate: ({ id, draft }) => templates.save(id, draft),
    duplicateTemplate: ({ id }) => templates.duplicate(id),
    renameTemplate: ({ id, name }) => templates.rename(id, name),
    deleteTemplate: ({ id }) => templates.delete(id),
    listTemplateVersions: ({ id }) => templates.versions(id),
    restoreTemplateVersion: ({ id, version }) => templates.restore(id, version),
    exportTemplate: ({ id, version }) => files.export(id, version),
    importTemplate: ({ content }) => files.import(content),

    listSampleCases: () => listSampleCases(),
    // Code fields are checked against Tascomi's lists when it answers; otherwise the preview skips them.
    previewTemplate: async ({ draft, case: kase }) =>
      evaluateTemplate(kase, draft, { schema: templateSchema(draft.connector), codeLists: await codeListsForDraft(deps.tascomi, draft) }),
  } satisfies Partial<Handlers>;
}
