import type { Case } from '../../../../../shared/domain/case';
import type { EvaluationResult } from '../../../../../shared/domain/template';
import { previewIssues } from './preview-issues';

export interface SaveMessage {
  /** "Saved with 2 problems"; null for a clean save. */
  title: string | null;
  text: string;
  /** What the preview warns about, one line each. */
  issues: string[];
}

/**
 * What the designer says after a save. A template is saved even with problems (an admin saves work
 * in progress), so the message must say how many there are for the case the preview shows.
 */
export function saveMessage(version: number, check: { kase: Case; result: EvaluationResult } | null): SaveMessage {
  const saved = `Saved as version ${version}.`;
  const issues = check ? previewIssues(check.result) : [];
  if (!check || issues.length === 0) return { title: null, text: saved, issues: [] };
  const n = issues.length;
  return {
    title: `Saved with ${n} problem${n === 1 ? '' : 's'}`,
    text: `${saved} The preview of case ${check.kase.id} (${check.kase.type}) shows ${n === 1 ? 'this problem' : 'these problems'}; jobs may fail or send less until ${n === 1 ? 'it is' : 'they are'} fixed:`,
    issues: issues.map((i) => i.message),
  };
}
