/**
 * Configuration files: reading one, refusing a bad file with every problem named by its path
 * inside the file (as template files are: mapping/template-file.ts), so an admin can find it in an
 * editor. Checks what the file alone can tell; what it means for this installation is the plan's
 * business (configuration-plan.ts).
 */
import type { ContractIssue } from '../../../shared/contract';
import { CallRefusedError, describeIssues, issuesOf } from '../../../shared/dispatch';
import { CONFIGURATION_FILE_FORMAT, CONFIGURATION_FILE_SUFFIX, ConfigurationFileSchema, type ConfigurationFile } from '../../../shared/domain/configuration';
import { readJsonFile } from '../mapping/template-file';
import { checkDraft, withPrefix } from '../mapping/templates';

const refuse = (issues: ContractIssue[]): never => {
  const shown = issues.slice(0, 20);
  const more = issues.length > shown.length ? ` and ${issues.length - shown.length} more` : '';
  throw new CallRefusedError(`The configuration file is not valid: ${describeIssues(shown)}${more}. Nothing was changed.`, 'invalid_input', issues);
};

/** A file name with the date it was written: `casebridge-2026-12-05.casebridge-configuration.json`. */
export const configurationFileName = (exportedAt: string): string => `casebridge-${exportedAt.slice(0, 10)}${CONFIGURATION_FILE_SUFFIX}`;

export function writeConfigurationFile(file: ConfigurationFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Names (ignoring case, as the engine does) that appear more than once, each at its later paths. */
function duplicateNames(items: { name: string }[], path: string, what: string): ContractIssue[] {
  const seen = new Set<string>();
  const issues: ContractIssue[] = [];
  items.forEach(({ name }, i) => {
    const key = name.trim().toLowerCase();
    if (seen.has(key)) issues.push({ path: `${path}.${i}.name`, message: `another ${what} in the file is named '${name}'` });
    seen.add(key);
  });
  return issues;
}

/** The configuration a file holds, or a refusal naming each problem by its path in the file. */
export function readConfigurationFile(content: string): ConfigurationFile {
  const data = readJsonFile(content, { format: CONFIGURATION_FILE_FORMAT, what: 'configuration file', refuse });
  const parsed = ConfigurationFileSchema.safeParse(data);
  if (!parsed.success) refuse(issuesOf(parsed.error));
  const file = parsed.data!;
  const issues = [
    ...duplicateNames(file.references, 'references', 'reference'),
    ...duplicateNames(file.templates, 'templates', 'template'),
    ...duplicateNames(file.rules, 'rules', 'rule'),
  ];
  const referenceNames = new Set(file.references.map((r) => r.name.toLowerCase()));
  file.templates.forEach((template, t) => {
    const latest = template.versions.at(-1)!;
    if (latest.name !== template.name) issues.push({ path: `templates.${t}.name`, message: `the template's last version is named '${latest.name}'` });
    template.versions.forEach((version, v) => {
      const at = `templates.${t}.versions.${v}`;
      issues.push(...withPrefix(at, checkDraft(version)));
      if (version.connector !== latest.connector || version.type !== latest.type) {
        issues.push({ path: at, message: `every version of a template has the same connector and kind (the last is ${latest.connector} ${latest.type})` });
      }
      if (!referenceNames.has(version.reference.toLowerCase()))
        issues.push({ path: `${at}.reference`, message: `the reference '${version.reference}' is not in the file's references` });
    });
  });
  if (issues.length > 0) refuse(issues);
  return file;
}
