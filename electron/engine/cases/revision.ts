/**
 * A case's revision: sha256 of its canonical JSON (object keys sorted), so the same case delivered
 * twice, even with its keys in another order, is recognised as one revision.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function revisionOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
