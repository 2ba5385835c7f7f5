/** Files of cases of an exact size, for tests and benchmarks of large imports. */

/** Code points, as the contract's zod counts a string's length (a surrogate pair is one). */
export function codePoints(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      pairs++;
      i++;
    }
  }
  return text.length - pairs;
}

/**
 * A JSON file of `count` cases (ids `<prefix>-00000` on), exactly `size` code points long. The
 * descriptions hold what JSON must escape twice over on the way (quotes, backslashes, new lines)
 * and surrogate pairs, so a call carrying the file is cut into parts next to them.
 */
export function casesFile(prefix: string, count: number, size: number): string {
  const build = (pad: (i: number) => string) =>
    JSON.stringify(Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${String(i).padStart(5, '0')}`, type: 'Fly-tipping report', fields: { description: pad(i) } })));
  const bare = build(() => '').length;
  const filler = 'Bags "dumped" \\ behind garage — 🚮 again\n';
  const fillerInFile = codePoints(JSON.stringify(filler)) - 2; // escaped once, in the file
  const padOf = (n: number) => filler.repeat(Math.floor(n / fillerInFile)) + 'x'.repeat(n % fillerInFile);
  const perCase = Math.floor((size - bare) / count);
  const rest = size - bare - perCase * count;
  const file = build((i) => padOf(perCase + (i < rest ? 1 : 0)));
  if (codePoints(file) !== size) throw new Error(`casesFile: built ${codePoints(file)} code points, wanted ${size}`);
  return file;
}
