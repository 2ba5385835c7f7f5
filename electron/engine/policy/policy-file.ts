/**
 * Finds and reads the machine policy file at start: the machine-wide configuration folder of the
 * platform, or the file CASEBRIDGE_POLICY_FILE names.
 *
 * Decisions:
 * - No file at the usual place is no policy (most machines have none). A file that
 *   CASEBRIDGE_POLICY_FILE names but that is not there is refused: someone meant a policy to apply.
 * - Any problem (unreadable, not JSON, an unknown field, a bad value) refuses the whole file, with
 *   every problem's path in the file and its reason; casebridge then starts with no policy at all.
 * - Platform, environment and reading are injected, so tests never read /etc.
 */
import { readFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import type { z } from 'zod';
import { POLICY_FILE_ENV, POLICY_FILE_NAME, PolicyFileSchema, type PolicyFile, type PolicyProblem } from '../../../shared/domain/policy';

/** The policy as read at start. */
export type MachinePolicy =
  { state: 'none'; file: string } | { state: 'applied'; file: string; policy: PolicyFile } | { state: 'refused'; file: string; problems: PolicyProblem[] };

export interface PolicyPlace {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
}

/** A policy file larger than this is not one an administrator wrote. */
const MAX_POLICY_BYTES = 1_000_000;

/** Where the policy file is looked for on this platform (or where CASEBRIDGE_POLICY_FILE says). */
export function policyFilePath({ platform, env }: PolicyPlace): string {
  const named = env[POLICY_FILE_ENV]?.trim();
  if (named) return named;
  if (platform === 'win32') return win32.join(env.ProgramData?.trim() || 'C:\\ProgramData', 'casebridge', POLICY_FILE_NAME);
  if (platform === 'darwin') return posix.join('/Library/Application Support/casebridge', POLICY_FILE_NAME);
  return posix.join('/etc/casebridge', POLICY_FILE_NAME);
}

/** Reads a file's text, or undefined when there is no file; throws for anything else (no permission, a folder). */
export type ReadPolicyText = (path: string) => string | undefined;

export const readPolicyText: ReadPolicyText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

export function loadMachinePolicy(place: PolicyPlace, read: ReadPolicyText = readPolicyText): MachinePolicy {
  const file = policyFilePath(place);
  const refused = (reason: string, path = ''): MachinePolicy => ({ state: 'refused', file, problems: [{ path, reason }] });
  let text: string | undefined;
  try {
    text = read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refused(
      code === 'EACCES' || code === 'EPERM'
        ? 'casebridge may not read the file: give the account casebridge runs as permission to read it'
        : code === 'EISDIR'
          ? 'this is a folder, not a file'
          : `the file could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (text === undefined) {
    return place.env[POLICY_FILE_ENV]?.trim() ? refused(`there is no such file (${POLICY_FILE_ENV} names it)`) : { state: 'none', file };
  }
  if (text.length > MAX_POLICY_BYTES) return refused(`the file is larger than ${MAX_POLICY_BYTES.toLocaleString('en-GB')} bytes: a policy file is a few lines`);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return refused(`the file is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = PolicyFileSchema.safeParse(json);
  if (!parsed.success) return { state: 'refused', file, problems: problemsOf(parsed.error) };
  return { state: 'applied', file, policy: parsed.data };
}

/** Every problem by its path in the file; an unknown field is named by its own path, not its parent's. */
function problemsOf(error: z.ZodError): PolicyProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), reason: 'is not a policy field (check its spelling and where it is)' }));
    }
    return [{ path: path.join('.'), reason: issue.message }];
  });
}

/** The refusal in one sentence, for the log and the health alarm. */
export function describeRefusal(policy: Extract<MachinePolicy, { state: 'refused' }>): string {
  const problems = policy.problems.map((p) => (p.path ? `${p.path}: ${p.reason}` : p.reason)).join('; ');
  return `The machine policy file ${policy.file} was refused, so no policy is applied (settings are not preset or locked): ${problems}. Correct the file and restart casebridge.`;
}
