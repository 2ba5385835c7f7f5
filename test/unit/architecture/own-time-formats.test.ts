/**
 * Times are shown and read one way (renderer/src/ui/time-format.ts: the log's format, in the
 * configured zone): no other renderer file formats a time on its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = join(import.meta.dirname, '../../../renderer/src');

/** Every renderer source file but the helper itself. */
function rendererFiles(dir = RENDERER): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return rendererFiles(path);
    return /\.tsx?$/.test(entry.name) && !path.endsWith(join('ui', 'time-format.ts')) ? [path] : [];
  });
}

/** Ways a file could show a time on its own: the browser's locale formats, or cutting an ISO string. */
const OWN_TIME_FORMATS: [RegExp, string][] = [
  [/\.toLocale(Date|Time)String\(/, 'toLocaleDateString/toLocaleTimeString'],
  [/new Date\([^)]*\)\.toLocaleString\(/, 'a Date’s toLocaleString'],
  [/Intl\.DateTimeFormat|Intl\.RelativeTimeFormat/, 'Intl.DateTimeFormat'],
  [/\.replace\('T', ' '\)/, "an ISO string's T replaced"],
  [/(At|at|At\)|Time|time|since|start|end|validTo|iso)\.slice\((0|11), ?(10|16|19)\)/, 'a slice of an ISO string'],
  [/type="(date|datetime-local|time)"/, 'a browser date input (its format follows the machine, often US-style)'],
];

describe('no renderer file formats a time on its own', () => {
  it('shows and reads times only through ui/time-format.ts', () => {
    const found: string[] = [];
    for (const file of rendererFiles()) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          for (const [pattern, what] of OWN_TIME_FORMATS) {
            if (pattern.test(line)) found.push(`${relative(RENDERER, file)}:${index + 1}: ${what}`);
          }
        });
    }
    expect(found).toEqual([]);
  });

  it('would notice one that did', () => {
    const line = 'const shown = new Date(run.startedAt).toLocaleString(); const day = job.finishedAt.slice(0, 10);';
    expect(OWN_TIME_FORMATS.filter(([pattern]) => pattern.test(line)).map(([, what]) => what)).toEqual(['a Date’s toLocaleString', 'a slice of an ISO string']);
  });
});
