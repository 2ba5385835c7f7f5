/**
 * How a call too large for one WebSocket frame travels: the console cuts its JSON text into
 * numbered parts, one frame each, and the host puts them back together and validates the whole
 * call as if it had come in one frame. The contract and its handlers never know; Electron IPC has
 * no frame limit and needs none of this.
 *
 * The arithmetic (checked by test/unit/host/call-parts.test.ts):
 * - A part's frame fits in MAX_FRAME_BYTES. JSON.stringify leaves no control character and no lone
 *   surrogate in a call's text (it escapes them), and a cut never falls between the halves of a
 *   surrogate pair, so each character of a part becomes at most 3 UTF-8 bytes in its frame (a BMP
 *   character; `"` and `\` are escaped again to 2 bytes; a pair is 4 bytes for 2 characters):
 *   3 × 262,144 = 786,432 bytes, plus an envelope under 200 bytes, is under 1,048,576
 *   (MAX_FRAME_BYTES).
 *   The same bound lets a call of at most PART_CHARS characters go as one `call` frame.
 * - Every call the contract accepts can be delivered. The largest is importCases: content of up to
 *   20,000,000 characters and a file name of up to 260, counted (as zod counts) in code points.
 *   JSON writes a code point as at most 6 characters (`\u001f`, or a lone surrogate as `\udc00`;
 *   a pair stays 2), so its text is at most 6 × 20,000,260 = 120,001,560 characters plus the
 *   envelope (keys, quotes, type, id, name: under 200), which ENVELOPE_ALLOWANCE_CHARS covers.
 *   Characters of JSON text are UTF-16 units, as `length` and the parts count them.
 */
import { IMPORT_CASES_MAX_CHARS, IMPORT_FILE_NAME_MAX_CHARS } from './import-limits';

/** Characters of call text in one part (at most 3 UTF-8 bytes each in its frame: see above). */
export const PART_CHARS = 262_144;

/** What a frame holds besides the text (type, id, index, count, length, keys, quotes). */
const ENVELOPE_ALLOWANCE_CHARS = 1_000;

/** The most characters JSON.stringify writes for one code point of a string. */
const MAX_JSON_CHARS_PER_CODE_POINT = 6;

/** The longest call text the host puts back together: the largest call the contract accepts. */
export const MAX_CALL_CHARS = MAX_JSON_CHARS_PER_CODE_POINT * (IMPORT_CASES_MAX_CHARS + IMPORT_FILE_NAME_MAX_CHARS) + ENVELOPE_ALLOWANCE_CHARS;

/** The most parts a call may have (a cut may fall one character short, to keep a pair whole). */
export const MAX_PARTS = Math.ceil(MAX_CALL_CHARS / (PART_CHARS - 1));

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Cuts a call's JSON text into parts of at most PART_CHARS characters, never inside a surrogate pair. */
export function splitCallText(text: string): string[] {
  const parts: string[] = [];
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + PART_CHARS);
    // Each half of a pair alone would be escaped as 6 characters, breaking the 3-bytes bound.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}
