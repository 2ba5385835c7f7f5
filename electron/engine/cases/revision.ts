/**
 * A case's revision: sha256 of its canonical JSON (object keys sorted), so the same case delivered
 * twice, even with its keys in another order, is recognised as one revision.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  // Loops and string building, not entries/filter/sort/map/join: this runs on every case received.
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort(); // UTF-16 code unit order, as `a < b` compares
  out = '{';
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

export function revisionOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
