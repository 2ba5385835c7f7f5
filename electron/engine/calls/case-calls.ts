/**
 * The calls about cases: intake settings, cases stored, a case's page (with its jobs and log), cases
 * submitted or imported by hand, a template applied by hand, and the rules that queue jobs. What a
 * call may not do is refused where it is known: an unknown case by the case store, an unknown or
 * incoming template by the intake.
 *
 * Reading a case's data is recorded in the access audit before it is answered (log/access-audit.ts):
 * `getCase` (the Cases page's case) and `listRecentCases` (whole cases for the template designer's
 * palette and the rule editor's suggestions: one entry per listing, naming its cases, rather than
 * one per case, which would add fifty entries each time the rule editor opens; the audit's word
 * search finds a case in them). `listCases` is not recorded: its answer is the id, type, status and
 * time of each case, no resident's data, and it is read again on every case event; the opening of
 * any case it finds is recorded.
 */
import type { Handlers } from '../../../shared/contract';
import type { CaseImport } from '../cases/case-import';
import type { CaseStore } from '../cases/case-store';
import type { Intake } from '../cases/intake';
import type { IntakeListener } from '../cases/intake-listener';
import type { RuleService } from '../cases/rules';
import type { JobConsole } from '../jobs/job-console';
import { toJobView } from '../jobs/job-view';
import type { AccessAudit } from '../log/access-audit';
import { entryForConsole } from '../log/entry-for-console';
import type { LogBus } from '../log/log-bus';
import type { TemplateService } from '../mapping/templates';

/** How many of a case's jobs and log entries its page shows. */
const CASE_PAGE_ROWS = 200;

export function caseCalls(deps: {
  cases: CaseStore;
  intake: Pick<Intake, 'applyTemplate'>;
  caseImport: CaseImport;
  listener: Pick<IntakeListener, 'get' | 'save'>;
  rules: RuleService;
  jobs: Pick<JobConsole, 'list'>;
  log: Pick<LogBus, 'byCase'>;
  templates: Pick<TemplateService, 'get'>;
  zone: string;
  audit: Pick<AccessAudit, 'recordOpening'>;
}) {
  const { cases, caseImport, rules, audit } = deps;
  return {
    getIntakeSettings: () => deps.listener.get(),
    saveIntakeSettings: (input) => deps.listener.save(input),
    listRecentCases: ({ limit }) => {
      const recent = cases.recent(limit).flatMap((summary) => cases.get(summary.id) ?? []);
      if (recent.length > 0)
        audit.recordOpening({
          action: 'case_opened',
          subject: `the ${recent.length} most recent cases in full (for the template designer or the rule editor): ${recent.map((c) => c.id).join(', ')}`,
        });
      return recent;
    },
    listCases: ({ search, limit }) => cases.search(search, limit),
    getCase: ({ id }) => {
      const detail = cases.detail(id); // an unknown case is refused before anything is recorded
      audit.recordOpening({ action: 'case_opened', subject: `case ${detail.case.id}`, caseId: detail.case.id });
      return {
        ...detail,
        jobs: deps.jobs.list({ caseId: id }, CASE_PAGE_ROWS),
        log: deps.log.byCase(id, CASE_PAGE_ROWS).map((entry) => entryForConsole(entry, { reveal: false })),
      };
    },
    submitCase: ({ case: kase }) => caseImport.submit(kase),
    importCases: ({ content, fileName }) => caseImport.importFile(content, fileName),
    applyTemplate: ({ caseId, templateId }) => {
      const job = deps.intake.applyTemplate(caseId, templateId);
      return toJobView(job, deps.zone, deps.templates.get(job.templateId, job.templateVersion).name);
    },

    listRules: () => rules.list(),
    createRule: (input) => rules.create(input),
    updateRule: ({ id, rule }) => rules.update(id, rule),
    setRuleEnabled: ({ id, enabled }) => rules.setEnabled(id, enabled),
    deleteRule: ({ id }) => rules.delete(id),
  } satisfies Partial<Handlers>;
}
