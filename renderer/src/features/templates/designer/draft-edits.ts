/**
 * The designer's edits to outgoing rows, as pure functions (rows in, rows out), so the drag, the
 * keyboard and the buttons all change a template the same way.
 */
import type { OutgoingRow, Source, Target } from '../../../../../shared/domain/template';
import { targetKey } from './source-summary';

let counter = 0;
/** Row ids only need to be unique within a template; they match the engine's id pattern. */
export function newRowId(): string {
  counter += 1;
  return `r${Date.now().toString(36)}${counter.toString(36)}`;
}

/** Dropping on a mapped target replaces its (last) row's source; otherwise a new row is added. */
export function mapSource(rows: OutgoingRow[], target: Target, source: Source): OutgoingRow[] {
  const key = targetKey(target);
  const index = rows.findLastIndex((r) => targetKey(r.target) === key);
  if (index < 0) return [...rows, { id: newRowId(), target, source }];
  return rows.map((r, i) => (i === index ? { ...r, source } : r));
}

export function addEmptyRow(rows: OutgoingRow[], target: Target): OutgoingRow[] {
  return [...rows, { id: newRowId(), target, source: null }];
}

export function updateRow(rows: OutgoingRow[], id: string, change: Partial<OutgoingRow>): OutgoingRow[] {
  return rows.map((r) => (r.id === id ? { ...r, ...change } : r));
}

export function removeRow(rows: OutgoingRow[], id: string): OutgoingRow[] {
  return rows.filter((r) => r.id !== id);
}

export function moveRow(rows: OutgoingRow[], fromId: string, toId: string): OutgoingRow[] {
  const from = rows.findIndex((r) => r.id === fromId);
  const to = rows.findIndex((r) => r.id === toId);
  if (from < 0 || to < 0 || from === to) return rows;
  const next = [...rows];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

/** Targets that have a row with a source: a required one stops being marked "required". */
export function mappedTargetKeys(rows: OutgoingRow[]): Set<string> {
  return new Set(rows.filter((r) => r.source !== null).map((r) => targetKey(r.target)));
}
