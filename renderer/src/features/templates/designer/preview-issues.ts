import type { EvaluationResult } from '../../../../../shared/domain/template';

/** One thing the preview warns about: a problem, or a row that gave nothing for the sample case. */
export interface PreviewIssue {
  kind: 'problem' | 'no-value';
  /** 1-based; null for a template-wide problem (a required field no row maps). */
  row: number | null;
  message: string;
}

/**
 * Everything the preview warns about, in row order (template-wide problems last): "No problems"
 * only when this is empty, and a save with any reports their number.
 */
export function previewIssues(result: EvaluationResult): PreviewIssue[] {
  const issues: PreviewIssue[] = [
    ...result.problems.map((p) => ({ kind: 'problem' as const, row: p.row, message: p.message })),
    ...result.emptyRows.map((r) => ({ kind: 'no-value' as const, row: r.row, message: r.message })),
  ];
  return issues.sort((a, b) => (a.row === b.row ? 0 : a.row === null ? 1 : b.row === null ? -1 : a.row - b.row));
}
