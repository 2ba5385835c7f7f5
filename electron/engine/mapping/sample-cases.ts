/**
 * The sample cases shipped in resources/sample-cases: believable council CRM cases for the
 * designer's palette and preview. Bundled at build time (no files to find at run time) and parsed
 * with CaseSchema once, so a broken sample is reported with its file and path.
 */
import { issuesOf, describeIssues } from '../../../shared/dispatch';
import { CaseSchema, type Case } from '../../../shared/domain/case';

const bundled = import.meta.glob('../../../resources/sample-cases/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

/** Parses every file (by file name order); throws naming the file and the path of the first bad one. */
export function parseSampleCases(files: Record<string, unknown>): Case[] {
  const seen = new Map<string, string>();
  return Object.keys(files)
    .sort()
    .map((path) => {
      const file = path.split('/').pop()!;
      const parsed = CaseSchema.safeParse(files[path]);
      if (!parsed.success) throw new Error(`The sample case ${file} is not valid: ${describeIssues(issuesOf(parsed.error))}.`);
      const other = seen.get(parsed.data.id);
      if (other) throw new Error(`The sample cases ${other} and ${file} have the same id ${parsed.data.id}.`);
      seen.set(parsed.data.id, file);
      return parsed.data;
    });
}

let cached: Case[] | undefined;

/** Copies, so a caller changing one cannot change what the next caller sees. */
export function listSampleCases(): Case[] {
  cached ??= parseSampleCases(bundled);
  return structuredClone(cached);
}
