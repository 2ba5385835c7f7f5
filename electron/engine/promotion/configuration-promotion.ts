/**
 * Promoting a configuration from a test installation to live: export writes this one's
 * configuration file; preview (the dry run) says what importing a file would do; apply does
 * exactly that.
 *
 * Decisions:
 * - Apply plans again from the file and refuses unless this configuration is what the dry run saw:
 *   the dry run's fingerprint (a hash of this configuration as an export would write it) is passed
 *   back. So apply can only do what the person read.
 * - Everything is written in one durable transaction through the components' own saves (their
 *   checks and log lines); a failure rolls it all back, log lines included, and the components
 *   forget what they kept from inside it. The intake listener restarts only after the commit.
 * - Queue settings are written last: their save tells the workers at once, so only the commit
 *   itself can fail after it.
 */
import { createHash } from 'node:crypto';
import type { ContractIssue } from '../../../shared/contract';
import { CallRefusedError, describeIssues } from '../../../shared/dispatch';
import { CONFIGURATION_FILE_FORMAT, type ConfigurationFile, type ConfigurationPreview } from '../../../shared/domain/configuration';
import type { IntakeSettings } from '../../../shared/domain/intake';
import type { ConnectorId } from '../../../shared/domain/job';
import { CONNECTORS, type TemplateDraft } from '../../../shared/domain/template';
import type { RuleService } from '../cases/rules';
import type { Clock } from '../clock';
import type { JobSettingsService } from '../jobs/job-settings';
import type { LogBus } from '../log/log-bus';
import type { ReferenceService } from '../mapping/references';
import { draftOf, type TemplateService } from '../mapping/templates';
import { configurationFileName, readConfigurationFile, writeConfigurationFile } from './configuration-file';
import { canonicalJson, planImport, type Here, type Plan } from './configuration-plan';

export interface ConfigurationPromotionDeps {
  version: string;
  clock: Clock;
  log: Pick<LogBus, 'write'>;
  references: Pick<ReferenceService, 'list' | 'create' | 'forgetKept'>;
  templates: Pick<TemplateService, 'list' | 'versions' | 'get' | 'save' | 'forgetKept'>;
  rules: Pick<RuleService, 'list' | 'create' | 'update' | 'setEnabled'>;
  /** A template's name now (rules hold ids). */
  templateName: (id: number) => string | undefined;
  jobSettings: Pick<JobSettingsService, 'get' | 'save'>;
  intake: {
    saved(): IntakeSettings;
    /** Writes the settings in the open transaction, without restarting the listener. */
    stage(settings: IntakeSettings): void;
    /** Restarts the listener from the saved settings. */
    start(): Promise<void>;
    /** The fields the machine policy locks, which an import leaves as they are. */
    locked?(): readonly string[];
  };
  /** Runs `fn` in one durable write transaction. */
  transaction<T>(fn: () => T): T;
}

export interface ConfigurationPromotion {
  export(): { fileName: string; content: string };
  preview(content: string): ConfigurationPreview;
  apply(content: string, fingerprint: string): Promise<ConfigurationPreview>;
}

const lower = (name: string) => name.trim().toLowerCase();

export function createConfigurationPromotion(deps: ConfigurationPromotionDeps): ConfigurationPromotion {
  /** This configuration as an export writes it (without the time), and the ids behind its names. */
  const here = (): Here => {
    const templateIds = new Map<string, number>();
    const templates = deps.templates.list().map((summary) => {
      templateIds.set(lower(summary.name), summary.id);
      const versions = deps.templates
        .versions(summary.id)
        .map((v) => v.version)
        .sort((a, b) => a - b)
        .map((version) => draftOf(deps.templates.get(summary.id, version)));
      return { name: summary.name, versions };
    });
    // An old version may name a reference since renamed or deleted: the file carries it too.
    const references = deps.references.list().map((r) => r.name);
    const known = new Set(references.map(lower));
    for (const version of templates.flatMap((t) => t.versions)) {
      if (known.has(lower(version.reference))) continue;
      known.add(lower(version.reference));
      references.push(version.reference);
    }
    const ruleIds = new Map<string, number>();
    const rules = deps.rules.list().map((rule) => {
      ruleIds.set(lower(rule.name), rule.id);
      return {
        name: rule.name,
        caseType: rule.caseType,
        on: rule.on,
        ...(rule.condition ? { condition: rule.condition } : {}),
        template: deps.templateName(rule.templateId) ?? `template ${rule.templateId}`,
        enabled: rule.enabled,
      };
    });
    const snapshot: ConfigurationFile = {
      format: CONFIGURATION_FILE_FORMAT,
      formatVersion: 1,
      casebridgeVersion: deps.version,
      references: references.map((name) => ({ name })),
      templates,
      rules,
      queueSettings: Object.fromEntries(CONNECTORS.map((c) => [c, deps.jobSettings.get(c)])),
      intake: deps.intake.saved(),
    };
    return { snapshot, templateIds, ruleIds, lockedIntakeFields: deps.intake.locked?.() ?? [] };
  };
  const fingerprintOf = (h: Here) => createHash('sha256').update(canonicalJson(h.snapshot)).digest('hex');

  const plan = (content: string): { file: ConfigurationFile; plan: Plan; fingerprint: string } => {
    const file = readConfigurationFile(content);
    const h = here();
    const planned = planImport(file, h);
    if (planned.problems.length > 0) refuse(planned.problems);
    return { file, plan: planned, fingerprint: fingerprintOf(h) };
  };
  const previewOf = (file: ConfigurationFile, planned: Plan, fingerprint: string): ConfigurationPreview => {
    const counts = { add: 0, change: 0, leave: 0 };
    for (const item of planned.items) counts[item.action]++;
    return { items: planned.items, counts, fingerprint, file: { casebridgeVersion: file.casebridgeVersion, ...(file.exportedAt ? { exportedAt: file.exportedAt } : {}) } };
  };

  /** Every step of the plan, in an order where each finds what it needs (references, templates, rules). */
  const write = (planned: Plan): void => {
    const why = 'from a configuration file';
    const liveTemplateId = (name: string) => deps.templates.list().find((t) => lower(t.name) === lower(name))?.id;
    const saveVersions = (id: number | undefined, versions: TemplateDraft[]) => versions.reduce<number | undefined>((at, v) => deps.templates.save(at, v).id, id);
    const queueSettings: [ConnectorId, unknown][] = [];
    for (const step of planned.steps) {
      if (step.action === 'leave') continue;
      switch (step.kind) {
        case 'reference':
          deps.references.create(step.name, why);
          break;
        case 'template':
          saveVersions(step.id, step.versions);
          break;
        case 'rule': {
          const { template, enabled, ...rest } = step.rule;
          const input = { ...rest, templateId: liveTemplateId(template)! };
          const saved = step.id === undefined ? deps.rules.create(input) : deps.rules.update(step.id, input);
          if (saved.enabled !== enabled) deps.rules.setEnabled(saved.id, enabled);
          break;
        }
        case 'queue settings':
          queueSettings.push([step.connector, step.settings]);
          break;
        case 'intake settings':
          deps.intake.stage(step.settings);
          break;
      }
    }
    for (const [connector, settings] of queueSettings) deps.jobSettings.save(connector, settings);
  };

  return {
    export() {
      const exportedAt = deps.clock.now().toISO()!;
      const { snapshot } = here();
      deps.log.write({ level: 'info', source: 'engine', message: `Configuration exported (${snapshot.templates.length} templates, ${snapshot.rules.length} rules).` });
      return { fileName: configurationFileName(exportedAt), content: writeConfigurationFile({ ...snapshot, exportedAt }) };
    },
    preview(content) {
      const { file, plan: planned, fingerprint } = plan(content);
      return previewOf(file, planned, fingerprint);
    },
    async apply(content, fingerprint) {
      const { file, plan: planned, fingerprint: now } = plan(content);
      if (now !== fingerprint) {
        throw new CallRefusedError(
          'The configuration here changed since the dry run (a template, rule or setting was saved): run the dry run again and check it before applying. Nothing was changed.',
          'invalid_input',
          [{ path: 'fingerprint', message: 'the configuration changed since the dry run' }],
        );
      }
      const result = previewOf(file, planned, now);
      if (result.counts.add + result.counts.change === 0) return result;
      try {
        deps.transaction(() => {
          write(planned);
          deps.log.write({
            level: 'info',
            source: 'engine',
            message: `Configuration imported from a file written by casebridge ${file.casebridgeVersion}: ${result.counts.add} added, ${result.counts.change} changed, ${result.counts.leave} left alone.`,
          });
        });
      } catch (error) {
        deps.references.forgetKept();
        deps.templates.forgetKept();
        if (error instanceof CallRefusedError) {
          throw new CallRefusedError(`The configuration could not be imported, and nothing was changed: ${error.message}`, error.code, error.issues);
        }
        throw error;
      }
      if (planned.steps.some((s) => s.kind === 'intake settings' && s.action === 'change')) await deps.intake.start();
      return { ...result, fingerprint: fingerprintOf(here()) };
    },
  };
}

function refuse(issues: ContractIssue[]): never {
  throw new CallRefusedError(`The configuration file cannot be imported here: ${describeIssues(issues)}. Nothing was changed.`, 'invalid_input', issues);
}
