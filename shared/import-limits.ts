/**
 * How large a file the console may import, in one place: the contract's schemas refuse more, the
 * console refuses a bigger file before reading it, and the WebSocket's largest call is derived
 * from them (shared/call-parts.ts), so none of the three can drift from the others.
 *
 * The contract counts characters as zod's max does, in code points (a surrogate pair is one); the
 * console checks a file's size in bytes before reading it. N bytes of UTF-8 decode to at most N
 * code points (each takes at least one byte; a malformed byte becomes one U+FFFD), so a file
 * within the byte limit is always within the contract's.
 */
export const IMPORT_CASES_MAX_CHARS = 20_000_000;
export const IMPORT_TEMPLATE_MAX_CHARS = 1_000_000;
/** Every template with every version; with the dry run's fingerprint, well inside the largest call (the cases'). */
export const IMPORT_CONFIGURATION_MAX_CHARS = 10_000_000;
/** The longest file name a console passes with its cases (Windows' MAX_PATH). */
export const IMPORT_FILE_NAME_MAX_CHARS = 260;

/** A size as a person reads it: `20 MB`, `21.3 MB` (decimal megabytes, as file managers show them). */
export function megabytes(bytes: number): string {
  const mb = bytes / 1_000_000;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/**
 * Why a file cannot be imported because of its size, or null when it can: the file's size and the
 * limit, both in words and exactly (21.3 MB rounds, the byte counts do not).
 */
export function fileTooLargeMessage(file: { name: string; size: number }, limitBytes: number, what: string): string | null {
  if (file.size <= limitBytes) return null;
  const exact = (n: number) => `${n.toLocaleString('en-GB')} bytes`;
  return `'${file.name}' is ${megabytes(file.size)} (${exact(file.size)}); ${what} can be at most ${megabytes(limitBytes)} (${exact(limitBytes)}). Split it into smaller files.`;
}
