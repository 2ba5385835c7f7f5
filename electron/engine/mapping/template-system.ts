/**
 * The mapping's components on the store: references, versioned templates, and their files (export
 * and import). A template that a rule applies cannot be deleted: the rules sit above (cases/), so
 * they are asked through `isTemplateInUse`.
 */
import type { Clock } from '../clock';
import type { LogBus } from '../log/log-bus';
import type { Db } from '../store/open-store';
import { createReferenceRepo } from '../store/reference-repo';
import { createTemplateRepo } from '../store/template-repo';
import { createReferenceService } from './references';
import { createTemplateFiles } from './template-file';
import { createTemplateService } from './templates';

export function createTemplateSystem(deps: { db: Db; clock: Clock; log: LogBus; isTemplateInUse: (id: number) => string[] }) {
  const { clock, log } = deps;
  const repo = createTemplateRepo(deps.db);
  const references = createReferenceService({ repo: createReferenceRepo(deps.db), templates: repo, clock, log });
  const templates = createTemplateService({ repo, references, clock, log, isTemplateInUse: deps.isTemplateInUse });
  return {
    references,
    templates,
    files: createTemplateFiles({ templates, references, clock, log }),
    /** A template's name now, deleted or not (a job names the template it was queued from). */
    nameOf: (id: number): string | undefined => repo.byId(id)?.name,
  };
}
