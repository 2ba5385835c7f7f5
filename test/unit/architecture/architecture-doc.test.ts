/**
 * docs/architecture.md names the modules a case passes through; a module moved or renamed without
 * the notes would send a newcomer to a file that is not there. Every file it names must exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from '../../support/import-graph';

const DOC = 'docs/architecture.md';
/** Where the notes' paths start: the repository, or the engine's folder (as the notes say). */
const BASES = ['', 'electron/engine'];
const FILE = /\.(ts|tsx|mjs|json|md|svg)$/;

/** The file paths in the notes' code spans (`cases/intake.ts`, `redact.ts`). */
function filesNamedIn(markdown: string): string[] {
  const spans = [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim());
  return [...new Set(spans.filter((s) => FILE.test(s) && !/\s/.test(s)))];
}

describe('the architecture notes', () => {
  const names = filesNamedIn(readFileSync(join(ROOT, DOC), 'utf8'));
  const everyFile = ['electron', 'shared', 'renderer', 'scripts', 'test'].flatMap((dir) => sourceFiles(dir));

  it('finds the paths in code spans, and only those', () => {
    expect(filesNamedIn('see `cases/intake.ts` and `redact.ts`, not `npm test` or cases/webhook.ts')).toEqual(['cases/intake.ts', 'redact.ts']);
  });

  it('name only files that exist', () => {
    expect(names.length).toBeGreaterThan(20);
    const missing = names.filter((name) =>
      name.includes('/') || existsSync(join(ROOT, name)) ? !BASES.some((base) => existsSync(join(ROOT, base, name))) : !everyFile.some((file) => file.endsWith(`/${name}`)),
    );
    expect(missing).toEqual([]);
  });
});
