import type { ContractIssue } from '../../../../../shared/contract';

export interface SaveIssues {
  name?: string;
  reference?: string;
  /** By row index (0-based, as the paths name them). */
  rows: Map<number, string[]>;
  /** Issues no field shows, listed with the refusal. */
  other: ContractIssue[];
}

/** Sorts saveTemplate's issues (`draft.name`, `draft.rows.3.target.key`…) to the fields they name. */
export function sortSaveIssues(issues: ContractIssue[]): SaveIssues {
  const sorted: SaveIssues = { rows: new Map(), other: [] };
  for (const issue of issues) {
    const path = issue.path.replace(/^draft\./, '');
    const row = /^rows\.(\d+)(?:\.(.+))?$/.exec(path);
    if (path === 'name') sorted.name = issue.message;
    else if (path === 'reference') sorted.reference = issue.message;
    else if (row) {
      const index = Number(row[1]);
      sorted.rows.set(index, [...(sorted.rows.get(index) ?? []), row[2] ? `${row[2]}: ${issue.message}` : issue.message]);
    } else sorted.other.push(issue);
  }
  return sorted;
}
