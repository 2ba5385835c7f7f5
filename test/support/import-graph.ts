/**
 * The import graph of the source tree, for the tier tests: which module specifiers each file
 * imports and where a relative one lands. A plain scan of the text, so it sees every form of import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every module specifier a file imports, re-exports, requires or dynamically imports. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

export interface Violation {
  file: string;
  specifier: string;
}

/** Where a relative import lands, as a path from the repository root. */
export function target(file: string, specifier: string): string {
  return specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : specifier;
}

/** Every import in `dir` that `forbidden` refuses; it hears where the import lands and which file makes it. */
export function violations(dir: string, forbidden: (specifier: string, landsIn: string, file: string) => boolean): Violation[] {
  const out: Violation[] = [];
  for (const file of sourceFiles(dir)) {
    for (const specifier of importsOf(readFileSync(join(ROOT, file), 'utf8'))) {
      if (forbidden(specifier, target(file, specifier), file)) out.push({ file, specifier });
    }
  }
  return out;
}

export const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');
export const isNode = (s: string) => NODE_BUILTINS.has(s) || NODE_BUILTINS.has(s.split('/')[0]!);
export const inside = (landsIn: string, ...dirs: string[]) => dirs.some((d) => landsIn === d || landsIn.startsWith(`${d}/`));
