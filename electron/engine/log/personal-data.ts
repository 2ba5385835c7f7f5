/**
 * Person and address details in logged requests and answers. A connector's redactor wraps each such
 * value in markers as it writes the log (secrets are never written at all); whoever shows the log
 * hides the marked values by default, and reveals them only when a person asks (and that is logged).
 * Markers rather than a second copy: one stored text serves both, and the rule lives here.
 */

/** Field names that hold person or address details (Tascomi's and the CRM's spellings). */
const PERSONAL_KEY =
  /^(title|firstname|first_name|forename|surname|last_name|full_name|name|email|email_address|phone|telephone|mobile|.*_phone|.*_telephone|house_name_or_number|house_number|flat|street_name|address|address_line_\d|.*_address|postcode|post_code|uprn|pao_text|sao_text|date_of_birth|dob|reference|remarks|description|notes)$/i;

export function isPersonalKey(key: string): boolean {
  return PERSONAL_KEY.test(key);
}

const OPEN = '⟦';
const CLOSE = '⟧';
const MARKED = /⟦((?:[^⟧\\]|\\.)*)⟧/g;

/** Wraps a value so it can be hidden when shown; `⟧` and `\` inside it are escaped. */
export function markPersonal(value: string): string {
  return `${OPEN}${value.replace(/[\\⟧]/g, (c) => `\\${c}`)}${CLOSE}`;
}

const unescape = (inner: string) => inner.replace(/\\(.)/g, '$1');

/** The text as shown by default: each marked value replaced by its length. */
export function hidePersonal(text: string): string {
  return text.replace(MARKED, (_, inner: string) => `[personal: ${unescape(inner).length} chars]`);
}

/** The text with the marked values shown (after a person asked to reveal them). */
export function revealPersonal(text: string): string {
  return text.replace(MARKED, (_, inner: string) => unescape(inner));
}

export function hasPersonal(text: string): boolean {
  MARKED.lastIndex = 0;
  return MARKED.test(text);
}

/** Values shorter than this are not looked for in text: too short to identify anyone, and they would mark every id and count. */
export const MIN_PERSONAL_CHARS = 3;

const SYNTAX = /[.*+?^${}()|[\]\\/]/g;

/**
 * A pattern finding any of `values` in text (ignoring case; not inside a longer word or number,
 * longest first), or null when none is long enough to look for.
 */
export function personalValuesPattern(values: Iterable<string>): RegExp | null {
  const wanted = [...new Set([...values].map((v) => v.trim().toLowerCase()).filter((v) => v.length >= MIN_PERSONAL_CHARS))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${wanted.map((v) => v.replace(SYNTAX, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

/** Marks every occurrence of the pattern's values that is not marked already (an error's words quoting a name back). */
export function markOccurrences(text: string, pattern: RegExp | null): string {
  if (!pattern) return text;
  const plain = (part: string) => part.replace(pattern, (found) => markPersonal(found));
  let out = '';
  let last = 0;
  for (const marked of text.matchAll(MARKED)) {
    out += plain(text.slice(last, marked.index)) + marked[0];
    last = marked.index + marked[0].length;
  }
  return out + plain(text.slice(last));
}

/** The marked values of a text, each as it was (for finding a person's own values in the log). */
export function personalValues(text: string): string[] {
  return [...text.matchAll(MARKED)].map((m) => unescape(m[1]!));
}
