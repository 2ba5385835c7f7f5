/**
 * A case's revision: sha256 of its canonical JSON (object keys sorted), so the same case delivered
 * twice, even with its keys in another order, is recognised as one revision. Stored revisions were
 * computed with this exact text, so it never changes (a test holds it to the first implementation).
 */
import { createHash } from 'node:crypto';

/** An array index: JavaScript puts such keys first, in numeric order, whatever order they were added in. */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;
const UNUSUAL = Symbol('not plain JSON');

/**
 * A copy of `value` whose objects hold their keys in sorted order, which JSON.stringify (native, and
 * three times faster than writing the text by hand on every case received) then writes as they are;
 * UNUSUAL when JSON.stringify would not write what canonical JSON says: an index-like key, or a value
 * that is not JSON (undefined in an array, a function, a symbol).
 */
function sortedCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return typeof value === 'function' || typeof value === 'symbol' || value === undefined ? UNUSUAL : value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i]);
      if (item === UNUSUAL) return UNUSUAL;
      copy[i] = item;
    }
    return copy;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort(); // UTF-16 code unit order, as `a < b` compares
  // No prototype: a key named __proto__ (JSON.parse makes it an own property) stays a property.
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of keys) {
    if (object[key] === undefined) continue;
    if (INDEX_LIKE.test(key)) return UNUSUAL;
    const item = sortedCopy(object[key]);
    if (item === UNUSUAL) return UNUSUAL;
    copy[key] = item;
  }
  return copy;
}

/** Canonical JSON written by hand: the same text, for what sortedCopy cannot hand to JSON.stringify. */
function writeCanonical(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (writeCanonical(value[i]) ?? '');
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  out = '{';
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${writeCanonical(item)}`;
  }
  return `${out}}`;
}

export function canonicalJson(value: unknown): string {
  const sorted = sortedCopy(value);
  return sorted === UNUSUAL ? writeCanonical(value) : JSON.stringify(sorted);
}

export function revisionOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
